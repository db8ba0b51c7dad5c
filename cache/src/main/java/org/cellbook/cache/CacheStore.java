package org.cellbook.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A content-addressed store of computed values: step outputs, fold results, notebook cells.
 *
 * <pre>{@code
 * CacheStore store = CacheStore.open(CacheLocation.resolve(null));
 * CacheKey key = store.key("preprocess", "normalize_total").codeVersion("1")
 *         .param("target_sum", 1e4).input(upstreamKey).inputFile(path).build();
 * double[] v = store.getOrCompute(key, Section.PREPROCESS, Codecs.DOUBLE_ARRAY, () -> compute());
 * System.err.println(store.stats().summaryLine());
 * }</pre>
 *
 * <h2>Concurrency contract</h2>
 * <ul>
 * <li>A store may be used by any number of threads, and any number of stores, in any number of
 *     processes on one machine, may share one directory. (Not network file systems: their file
 *     locks and renames are not reliable enough.)</li>
 * <li>{@link #getOrCompute} runs the computation of a key at most once at a time across all of
 *     them. The caller that misses takes the key's lock: an in-JVM lock shared by every store
 *     of the JVM, then an exclusive file lock on {@code locks/<key>.lock}. It checks the store
 *     again, computes, writes and releases. Callers waiting for the same key then read the
 *     stored value instead of computing it. Different keys never wait for each other.</li>
 * <li>Hits take no lock. Entries are immutable once committed: the data file and then the
 *     metadata (the commit marker) are each renamed into place atomically. A reader that finds
 *     anything wrong re-checks under the key's lock before it calls the entry corrupt.</li>
 * <li>The computation runs in the calling thread while the key's lock is held. It may use the
 *     store for other keys (nested steps: a key includes its upstream keys, so nesting follows
 *     the pipeline's DAG and cannot deadlock), but asking for its own key throws
 *     {@link IllegalStateException}.</li>
 * <li>If the computation throws, nothing is stored, the exception reaches that caller, and
 *     waiting callers try the computation themselves. A computation must not return null.</li>
 * <li>A writer killed at any point leaves no visible entry: at most a temporary file
 *     {@code .<key>.bin.*.tmp} (removed later by {@link #verify} or {@link #prune} once no process
 *     holds the key's lock) or a data file without metadata (ignored, then removed). Its lock
 *     is released by the operating system.</li>
 * <li>An entry that is truncated, fails its checksum, does not match its metadata or cannot be
 *     decoded is never returned: it is reported once to the {@link CacheListener}, moved to
 *     {@code quarantine/} and recomputed.</li>
 * <li>A hit returns a freshly decoded copy; a miss returns the computed object itself.</li>
 * <li>If a computed value cannot be stored (disk full), the listener hears about it and the
 *     value is returned anyway. A value the codec rejects (an unsupported type) is a bug and
 *     throws.</li>
 * </ul>
 */
public interface CacheStore {
    /** Opens (creating when needed) a store at {@code dir}; corrupt entries are reported on stderr. */
    static CacheStore open(Path dir) {
        return open(dir, CacheListener.stderr());
    }

    /**
     * Opens (creating when needed) a store at {@code dir}.
     *
     * @throws UncheckedIOException when the directory cannot be created
     */
    static CacheStore open(Path dir, CacheListener listener) {
        try {
            return new DiskCacheStore(dir, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cache directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A store that keeps nothing and always computes ({@code --no-cache}); it still counts computations. */
    static CacheStore disabled() {
        return new DisabledCacheStore();
    }

    /** False for {@link #disabled()}. */
    boolean enabled();

    /** The cache directory, empty when disabled. */
    Optional<Path> dir();

    /** The file fingerprint index used by {@link #key}. */
    FileFingerprints fingerprints();

    /** A key builder that hashes input files through this store's fingerprint index. */
    default CacheKey.Builder key(String kind, String name) {
        return CacheKey.builder(kind, name).fingerprints(fingerprints());
    }

    /**
     * The stored value for {@code key}, or else the computed one, stored under {@code section}.
     * An entry is found in whatever section it was filed.
     */
    <T> T getOrCompute(CacheKey key, Section section, Codec<T> codec, Supplier<? extends T> compute);

    /** The stored value, if there is an intact one. */
    <T> Optional<T> get(CacheKey key, Codec<T> codec);

    /** True when an entry is committed for {@code key} (its data is not checked). */
    boolean contains(CacheKey key);

    /** The entry's metadata, if committed. */
    Optional<CacheEntry> entry(CacheKey key);

    /** Removes the entry; true when there was one. */
    boolean invalidate(CacheKey key);

    /** Removes every entry of a section; returns how many. */
    int clear(Section section);

    /**
     * Removes every entry whose metadata {@code filter} accepts (e.g. all entries of one step, by
     * its name); returns how many. Entries of other steps stay valid: their keys do not change.
     */
    int clearWhere(java.util.function.Predicate<EntryMetadata> filter);

    /** Entries of a section, least recently used first. */
    List<CacheEntry> entries(Section section);

    /** Entries of all sections, least recently used first. */
    List<CacheEntry> entries();

    /** This store's counters since it was opened. */
    CacheStats stats();

    /**
     * Checks every entry's data against its checksum and metadata, quarantines bad ones (each
     * reported to the listener), removes stale temporary files and data files without metadata.
     */
    VerifyReport verify();

    /**
     * Evicts least recently used entries until entries take at most {@code maxBytes}; also
     * removes stale temporary files and empties the quarantine.
     */
    PruneReport prune(long maxBytes);
}
