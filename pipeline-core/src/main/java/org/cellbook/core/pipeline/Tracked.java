package org.cellbook.core.pipeline;

import java.util.Objects;
import java.util.function.Supplier;
import org.cellbook.cache.CacheKey;

/**
 * A value with the cache key that names it: the key of the step that produced it, which chains
 * the keys of everything upstream. Pass a Tracked value to the next step so its key follows.
 *
 * <p>The key is known at once; the value may be lazy ({@link #lazy}): a step served from the cache
 * decodes its value only when someone calls {@link #value()}, so a warm re-run does not decode the
 * intermediate results nobody reads. The value is produced at most once (thread-safe).
 */
public final class Tracked<T> {
    private final CacheKey key;
    private Supplier<? extends T> source;
    private volatile T value;

    /** An already computed value. */
    public Tracked(T value, CacheKey key) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
    }

    private Tracked(CacheKey key, Supplier<? extends T> source) {
        this.key = Objects.requireNonNull(key, "key");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A value produced by {@code source} on the first {@link #value()} call. */
    public static <T> Tracked<T> lazy(CacheKey key, Supplier<? extends T> source) {
        return new Tracked<>(key, source);
    }

    public CacheKey key() {
        return key;
    }

    public T value() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(source.get(), "a step produced null");
                    value = v;
                    source = null; // let the decoder and what it captured go
                }
            }
        }
        return v;
    }

    /** True once the value exists (computed, or decoded by a {@link #value()} call). */
    public boolean isMaterialized() {
        return value != null;
    }

    @Override
    public String toString() {
        return "Tracked[" + key + (isMaterialized() ? "" : ", not yet decoded") + "]";
    }
}
