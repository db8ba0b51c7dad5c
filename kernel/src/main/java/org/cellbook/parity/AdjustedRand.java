package org.cellbook.parity;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cluster labels compared by the adjusted Rand index (label names do not matter), passing when
 * ARI >= {@code min}. Computed as scikit-learn's {@code adjusted_rand_score} does, from the pair
 * confusion matrix, including its special case: 1.0 when no pair is split differently.
 */
public record AdjustedRand(double min) implements Comparison {
    @Override
    public String describe() {
        return String.format(Locale.ROOT, "ari(min=%s)", min);
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        List<String> a = Comparisons.labels(original);
        List<String> b = Comparisons.labels(port);
        if (a == null || b == null) {
            return Outcome.mismatch("ari needs two label vectors, got " + Allclose.kind(original) + " and " + Allclose.kind(port));
        }
        if (a.size() != b.size()) {
            return Outcome.mismatch("label vectors differ in length: original " + a.size() + ", port " + b.size());
        }
        double ari = score(a, b);
        String detail = String.format(Locale.ROOT, "ARI %.6f over %d labels (%d vs %d clusters)", ari, a.size(),
                new java.util.HashSet<>(a).size(), new java.util.HashSet<>(b).size());
        return new Outcome(ari >= min, 1 - ari, "", detail);
    }

    /** scikit-learn's adjusted_rand_score(a, b). */
    public static double score(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("label vectors differ in length: " + a.size() + " vs " + b.size());
        }
        long n = a.size();
        Map<Object, Integer> ia = new HashMap<>();
        Map<Object, Integer> ib = new HashMap<>();
        int[] ca = new int[a.size()];
        int[] cb = new int[b.size()];
        for (int i = 0; i < n; i++) {
            ca[i] = ia.computeIfAbsent(a.get(i), k -> ia.size());
            cb[i] = ib.computeIfAbsent(b.get(i), k -> ib.size());
        }
        Map<Long, Long> contingency = new HashMap<>();
        long[] rowSums = new long[ia.size()];
        long[] colSums = new long[ib.size()];
        for (int i = 0; i < n; i++) {
            contingency.merge((long) ca[i] * ib.size() + cb[i], 1L, Long::sum);
            rowSums[ca[i]]++;
            colSums[cb[i]]++;
        }
        // Pair confusion matrix, as sklearn.metrics.cluster.pair_confusion_matrix.
        double sumSquares = 0;
        double rowDot = 0; // sum over cells n_ij * colSums[j]
        double colDot = 0; // sum over cells n_ij * rowSums[i]
        for (Map.Entry<Long, Long> e : contingency.entrySet()) {
            double v = e.getValue();
            int i = (int) (e.getKey() / ib.size());
            int j = (int) (e.getKey() % ib.size());
            sumSquares += v * v;
            rowDot += v * colSums[j];
            colDot += v * rowSums[i];
        }
        double tp = sumSquares - n;
        double fp = rowDot - sumSquares;
        double fn = colDot - sumSquares;
        double tn = (double) n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) {
            return 1.0;
        }
        return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }
}
