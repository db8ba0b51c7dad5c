package org.cellbook.core.tl;

import java.util.HashMap;
import java.util.Map;

/** Agreement between two labellings of the same cells. */
public final class ClusterAgreement {
    private ClusterAgreement() {
    }

    /** Adjusted Rand index, as scikit-learn's {@code adjusted_rand_score} (1.0 for two single-cluster labellings). */
    public static double adjustedRandIndex(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labellings of " + a.length + " and " + b.length + " cells");
        }
        Map<Long, Long> pairs = new HashMap<>();
        Map<Integer, Long> rows = new HashMap<>();
        Map<Integer, Long> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            pairs.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1L, Long::sum);
            rows.merge(a[i], 1L, Long::sum);
            cols.merge(b[i], 1L, Long::sum);
        }
        long n = a.length;
        if (rows.size() == cols.size() && (rows.size() == 1 || rows.size() == n) && pairs.size() == rows.size()) {
            return 1.0;
        }
        double sumComb = 0;
        for (long c : pairs.values()) {
            sumComb += c * (c - 1) / 2.0;
        }
        double sumA = 0;
        for (long c : rows.values()) {
            sumA += c * (c - 1) / 2.0;
        }
        double sumB = 0;
        for (long c : cols.values()) {
            sumB += c * (c - 1) / 2.0;
        }
        double expected = sumA * sumB / (n * (n - 1) / 2.0);
        double max = (sumA + sumB) / 2;
        return (sumComb - expected) / (max - expected);
    }
}
