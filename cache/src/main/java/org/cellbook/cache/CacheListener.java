package org.cellbook.cache;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Hears about problems the store works around. Each corrupt entry is reported exactly once:
 * it is moved aside under the key's lock by the one caller that found it. Called from the
 * thread that found the problem; implementations must be thread-safe.
 */
public interface CacheListener {
    /** An entry failed its checks, was quarantined and will be recomputed. */
    void onCorruptEntry(CorruptEntry entry);

    /** A computed value could not be stored (e.g. disk full); the value was still returned. */
    void onWriteFailed(CacheKey key, Section section, IOException error);

    /** Ignores everything (for callers that read the reports, like {@link CacheStore#verify()}'s). */
    static CacheListener silent() {
        return new CacheListener() {
            @Override
            public void onCorruptEntry(CorruptEntry entry) {
            }

            @Override
            public void onWriteFailed(CacheKey key, Section section, IOException error) {
            }
        };
    }

    /** Reports to {@code System.err}. */
    static CacheListener stderr() {
        return printingTo(System.err);
    }

    /** Reports one line per event to {@code out}. */
    static CacheListener printingTo(PrintStream out) {
        return new CacheListener() {
            @Override
            public void onCorruptEntry(CorruptEntry entry) {
                out.println("cellbook: " + entry.describe() + "; recomputing");
            }

            @Override
            public void onWriteFailed(CacheKey key, Section section, IOException error) {
                out.println("cellbook: could not store " + key + " in the cache (" + section.dirName() + "): " + error
                        + "; continuing without caching it");
            }
        };
    }
}
