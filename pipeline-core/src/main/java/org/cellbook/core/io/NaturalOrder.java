package org.cellbook.core.io;

import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of Python's {@code natsort.natsorted} with default settings, which anndata uses for
 * the categories it writes: each string (NFD-normalised) splits into text and unsigned-integer
 * runs ("x10y" is "x", 10, "y"; a leading number gets an empty text first), compared run by run,
 * numbers by value and text by code point. Strings with equal keys ("1", "01") keep their input order, so sort
 * by {@link #CODE_POINT} first, as pandas does, then stably by {@link #NATURAL}.
 */
final class NaturalOrder {
    private NaturalOrder() {
    }

    /** Python's string order: by Unicode code point (Java's compareTo compares UTF-16 units). */
    static final Comparator<String> CODE_POINT = NaturalOrder::compareCodePoints;

    static final Comparator<String> NATURAL = (a, b) -> compareKeys(key(a), key(b));

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /**
     * Alternating String and BigInteger parts, always starting with a String. As natsort does, the
     * string is NFD-normalised first; runs of decimal digits are one number, and each other digit
     * character (superscripts, circled digits) is a one-digit number of its own.
     */
    static List<Object> key(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFD);
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (Character.isDigit(cp)) {
                StringBuilder digits = new StringBuilder();
                while (i < s.length() && Character.isDigit(s.codePointAt(i))) {
                    int d = s.codePointAt(i);
                    digits.append((char) ('0' + Character.digit(d, 10)));
                    i += Character.charCount(d);
                }
                parts.add(text.toString());
                parts.add(new BigInteger(digits.toString()));
                text.setLength(0);
            } else if (isOtherDigit(cp)) {
                parts.add(text.toString());
                parts.add(BigInteger.valueOf(Character.getNumericValue(cp)));
                text.setLength(0);
                i += Character.charCount(cp);
            } else {
                text.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
        }
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        return parts;
    }

    /** A digit that is not a decimal digit (Python's unicodedata.digit without decimal()): "²", "⑦". */
    private static boolean isOtherDigit(int cp) {
        int v = Character.getNumericValue(cp);
        return Character.getType(cp) == Character.OTHER_NUMBER && v >= 0 && v <= 9;
    }

    private static int compareKeys(List<Object> a, List<Object> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x instanceof BigInteger bx ? bx.compareTo((BigInteger) y) : compareCodePoints((String) x, (String) y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
