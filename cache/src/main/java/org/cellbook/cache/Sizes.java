package org.cellbook.cache;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes for people: {@link #format} writes "1.4 MiB", {@link #parse} reads "500M" or "2G".
 * Units are binary throughout (1K = 1024 bytes); "M", "MB" and "MiB" all mean 2^20 bytes, as in
 * {@code du -h} and the JVM's {@code -Xmx}.
 */
public final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtp])(?:i?b)?|b)?\\s*");

    private Sizes() {
    }

    /** "0 B", "512 B", "1.4 MiB", "2.0 GiB" (one decimal above 1 KiB). */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "-" + format(-bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (String.format(Locale.ROOT, "%.1f", value).equals("1024.0") && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /**
     * Bytes in a size such as "500M", "2G", "1.5GiB", "64k" or "1048576" (plain bytes).
     *
     * @throws IllegalArgumentException saying what is accepted when {@code text} is not a size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("size '" + text + "' is not understood; write a number with an optional"
                    + " unit K, M, G, T or P (binary: 1K = 1024 bytes), e.g. 500M or 2G");
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1);
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(2).pow(shift));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("size '" + text + "' is too large (the most is 8 EiB)");
        }
        return bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
