package org.cellbook.cache;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** Counters for one run of one store. Thread-safe; {@link #snapshot()} gives a consistent-enough copy. */
public final class CacheStats {
    private final boolean enabled;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder computeMillis = new LongAdder();
    private final LongAdder savedMillis = new LongAdder();
    private final LongAdder corruptEntries = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();

    CacheStats(boolean enabled) {
        this.enabled = enabled;
    }

    void hit(long bytes, long storedComputeMillis) {
        hits.increment();
        bytesRead.add(bytes);
        savedMillis.add(storedComputeMillis);
    }

    void miss(long millis) {
        misses.increment();
        computeMillis.add(millis);
    }

    void written(long bytes) {
        bytesWritten.add(bytes);
    }

    void corrupt() {
        corruptEntries.increment();
    }

    void writeFailed() {
        writeFailures.increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(enabled, hits.sum(), misses.sum(), bytesRead.sum(), bytesWritten.sum(), computeMillis.sum(),
                savedMillis.sum(), corruptEntries.sum(), writeFailures.sum());
    }

    /** The line for the end of a run. */
    public String summaryLine() {
        return snapshot().summaryLine();
    }

    /**
     * The counters as a record, ready for a run manifest (Jackson writes it as a JSON object).
     *
     * @param enabled        false for {@link CacheStore#disabled()}
     * @param hits           values read from the cache
     * @param misses         values computed (every one, when disabled)
     * @param bytesRead      data file bytes read by hits
     * @param bytesWritten   data and metadata bytes written
     * @param computeMillis  time spent computing misses
     * @param savedMillis    stored compute time of the hits: what the cache saved
     * @param corruptEntries entries found corrupt and recomputed
     * @param writeFailures  computed values that could not be stored
     */
    public record Snapshot(boolean enabled, long hits, long misses, long bytesRead, long bytesWritten, long computeMillis,
                           long savedMillis, long corruptEntries, long writeFailures) {
        /** E.g. "cache: 12 hits, 3 misses (80% hits); read 1.4 MiB, wrote 300.0 KiB; saved 2m 13s, computed 5.2 s". */
        public String summaryLine() {
            if (!enabled) {
                return "cache: disabled; " + misses + " computation" + (misses == 1 ? "" : "s") + " took "
                        + Durations.format(computeMillis);
            }
            long total = hits + misses;
            String rate = total == 0 ? "" : String.format(Locale.ROOT, " (%d%% hits)", Math.round(100.0 * hits / total));
            StringBuilder s = new StringBuilder("cache: ")
                    .append(hits).append(hits == 1 ? " hit, " : " hits, ")
                    .append(misses).append(misses == 1 ? " miss" : " misses").append(rate)
                    .append("; read ").append(Sizes.format(bytesRead))
                    .append(", wrote ").append(Sizes.format(bytesWritten))
                    .append("; saved ").append(Durations.format(savedMillis))
                    .append(", computed ").append(Durations.format(computeMillis));
            if (corruptEntries > 0) {
                s.append("; ").append(corruptEntries).append(" corrupt entr").append(corruptEntries == 1 ? "y" : "ies")
                        .append(" recomputed");
            }
            if (writeFailures > 0) {
                s.append("; ").append(writeFailures).append(" value").append(writeFailures == 1 ? "" : "s")
                        .append(" not stored");
            }
            return s.toString();
        }
    }
}
