package org.cellbook.core.model.classifiers;

import java.util.Arrays;

/**
 * Each feature of a training matrix cut into at most {@value #MAX_BINS} bins, column-major, for
 * histogram tree growing. A feature with at most {@value #MAX_BINS} distinct values gets one bin
 * per value, cut at the midpoints of consecutive values (scikit-learn's tree thresholds), so
 * splits on it are exact; a feature with more gets cuts at the midpoints around its
 * {@code k / MAX_BINS} quantiles (like LightGBM and sklearn's HistGradientBoosting). Value
 * {@code v} is in bin {@code b} when {@code cut[b-1] < v <= cut[b]}.
 */
final class FeatureBins {
    static final int MAX_BINS = 256;

    /** Bin codes (unsigned bytes), feature {@code f} of row {@code i} at {@code f * n + i}. */
    final byte[] codes;
    /** Per feature, the ascending upper bin edges; bin {@code cuts[f].length} is unbounded. */
    final double[][] cuts;
    final int n;
    final int p;

    private FeatureBins(byte[] codes, double[][] cuts, int n, int p) {
        this.codes = codes;
        this.cuts = cuts;
        this.n = n;
        this.p = p;
    }

    static FeatureBins of(double[][] x) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        byte[] codes = new byte[n * p];
        double[][] cuts = new double[p][];
        double[] col = new double[n];
        for (int f = 0; f < p; f++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][f];
            }
            double[] sorted = col.clone();
            Arrays.sort(sorted);
            cuts[f] = cuts(sorted);
            double[] c = cuts[f];
            for (int i = 0; i < n; i++) {
                int b = Arrays.binarySearch(c, col[i]);
                // v <= cut[b] is bin b: an exact hit is in that bin, otherwise the insertion point.
                codes[f * n + i] = (byte) (b >= 0 ? b : -b - 1);
            }
        }
        return new FeatureBins(codes, cuts, n, p);
    }

    private static double[] cuts(double[] sorted) {
        int n = sorted.length;
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        double[] out = new double[Math.max(0, Math.min(distinct, MAX_BINS) - 1)];
        int k = 0;
        if (distinct <= MAX_BINS) {
            for (int i = 1; i < n; i++) {
                if (sorted[i] != sorted[i - 1]) {
                    out[k++] = midpoint(sorted[i - 1], sorted[i]);
                }
            }
            return out;
        }
        for (int q = 1; q < MAX_BINS && k < out.length; q++) {
            int i = (int) ((long) q * n / MAX_BINS);
            // Move to the next change of value at or after the quantile so a cut falls between values.
            while (i < n && sorted[i] == sorted[i - 1]) {
                i++;
            }
            if (i >= n) {
                break;
            }
            double c = midpoint(sorted[i - 1], sorted[i]);
            if (k == 0 || c > out[k - 1]) {
                out[k++] = c;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** sklearn's threshold between two values, nudged down when rounding lands on the upper one. */
    private static double midpoint(double lo, double hi) {
        double m = lo / 2.0 + hi / 2.0;
        return m == hi || Double.isInfinite(m) ? lo : m;
    }

    int bins(int f) {
        return cuts[f].length + 1;
    }
}
