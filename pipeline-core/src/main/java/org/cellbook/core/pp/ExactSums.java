package org.cellbook.core.pp;

/**
 * When a float64 sum of float32 values comes out the same in any order: every value an integer
 * of magnitude at most 2^24 and fewer than 2^29 of them, so every partial sum is an integer below
 * 2^53 and every addition exact. Count matrices qualify; the code that relies on it re-sums in
 * the original order otherwise, so results never depend on how the work was split.
 */
final class ExactSums {
    private static final float LIMIT = 0x1p24f;

    private ExactSums() {
    }

    /** An integer of magnitude at most 2^24 (false for NaN and infinities). */
    static boolean smallInteger(float v) {
        return Math.abs(v) <= LIMIT && v == (float) (int) v;
    }

    /** Few enough values that their sum stays below 2^53 when each is a {@link #smallInteger}. */
    static boolean fits(long values) {
        return values < (1L << 29);
    }
}
