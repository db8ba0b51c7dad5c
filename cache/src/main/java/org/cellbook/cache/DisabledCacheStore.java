package org.cellbook.cache;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link CacheStore#disabled()}: computes every time, keeps nothing, counts computations. */
final class DisabledCacheStore implements CacheStore {
    private final CacheStats stats = new CacheStats(false);
    private final FileFingerprints fingerprints = FileFingerprints.uncached();

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public Optional<Path> dir() {
        return Optional.empty();
    }

    @Override
    public FileFingerprints fingerprints() {
        return fingerprints;
    }

    @Override
    public <T> T getOrCompute(CacheKey key, Section section, Codec<T> codec, Supplier<? extends T> compute) {
        Objects.requireNonNull(compute, "compute");
        long start = System.nanoTime();
        T value = compute.get();
        stats.miss((System.nanoTime() - start) / 1_000_000);
        if (value == null) {
            throw new NullPointerException("the computation of " + key + " returned null; the cache stores values only");
        }
        return value;
    }

    @Override
    public <T> Optional<T> get(CacheKey key, Codec<T> codec) {
        return Optional.empty();
    }

    @Override
    public boolean contains(CacheKey key) {
        return false;
    }

    @Override
    public Optional<CacheEntry> entry(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public boolean invalidate(CacheKey key) {
        return false;
    }

    @Override
    public int clear(Section section) {
        return 0;
    }

    @Override
    public int clearWhere(java.util.function.Predicate<EntryMetadata> filter) {
        return 0;
    }

    @Override
    public List<CacheEntry> entries(Section section) {
        return List.of();
    }

    @Override
    public List<CacheEntry> entries() {
        return List.of();
    }

    @Override
    public CacheStats stats() {
        return stats;
    }

    @Override
    public VerifyReport verify() {
        return new VerifyReport(0, List.of(), 0, 0);
    }

    @Override
    public PruneReport prune(long maxBytes) {
        return new PruneReport(0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "CacheStore[disabled]";
    }
}
