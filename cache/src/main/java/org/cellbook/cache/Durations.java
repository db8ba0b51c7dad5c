package org.cellbook.cache;

import java.util.Locale;

/** Compute times for people: "850 ms", "12.3 s", "4m 05s", "1h 02m". */
public final class Durations {
    private Durations() {
    }

    public static String format(long millis) {
        if (millis < 0) {
            return "-" + format(-millis);
        }
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
