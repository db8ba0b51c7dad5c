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
    /** Per feature and bin, the smallest and largest training value in it (NaN for an empty bin). */
    final double[][] lo;
    final double[][] hi;
    final int n;
    final int p;

    private FeatureBins(byte[] codes, double[][] cuts, double[][] lo, double[][] hi, int n, int p) {
        this.codes = codes;
        this.cuts = cuts;
        this.lo = lo;
        this.hi = hi;
        this.n = n;
        this.p = p;
    }

    static FeatureBins of(double[][] x) {
        return of(x, null);
    }

    /**
     * The same bins, sorting each column only when {@code hint} (null = none) does not list the
     * rows in non-decreasing order of that column's values (or the column holds a NaN): with a
     * valid hint the sort is skipped and the codes come from one walk in value order instead of a
     * binary search per value. The result does not depend on the hint.
     */
    static FeatureBins of(double[][] x, ColumnOrder hint) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        if (hint != null && (hint.nRows() != n || hint.nFeatures() != p)) {
            throw new IllegalArgumentException("column order for " + hint.nRows() + " x " + hint.nFeatures()
                    + ", matrix " + n + " x " + p);
        }
        byte[] codes = new byte[n * p];
        double[][] cuts = new double[p][];
        double[][] lo = new double[p][];
        double[][] hi = new double[p][];
        double[] col = new double[n];
        double[] sorted = new double[n];
        for (int f = 0; f < p; f++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][f];
            }
            int[] order = hint == null ? null : hint.feature(f);
            boolean ordered = order != null && inOrder(col, order, sorted);
            if (!ordered) {
                System.arraycopy(col, 0, sorted, 0, n);
                Arrays.sort(sorted);
            }
            cuts[f] = cuts(sorted);
            double[] c = cuts[f];
            lo[f] = new double[c.length + 1];
            hi[f] = new double[c.length + 1];
            Arrays.fill(lo[f], Double.NaN);
            Arrays.fill(hi[f], Double.NaN);
            if (ordered) {
                codesInOrder(sorted, order, c, codes, f * n, lo[f], hi[f]);
                continue;
            }
            for (int i = 0; i < n; i++) {
                int b = Arrays.binarySearch(c, col[i]);
                // v <= cut[b] is bin b: an exact hit is in that bin, otherwise the insertion point.
                b = b >= 0 ? b : -b - 1;
                codes[f * n + i] = (byte) b;
                lo[f][b] = Double.isNaN(lo[f][b]) ? col[i] : Math.min(lo[f][b], col[i]);
                hi[f][b] = Double.isNaN(hi[f][b]) ? col[i] : Math.max(hi[f][b], col[i]);
            }
        }
        return new FeatureBins(codes, cuts, lo, hi, n, p);
    }

    /** Copies {@code col} in {@code order} into {@code sorted}; false if that is not ascending (Double.compare) or holds a NaN. */
    private static boolean inOrder(double[] col, int[] order, double[] sorted) {
        double prev = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < order.length; k++) {
            double v = col[order[k]];
            if (Double.isNaN(v) || Double.compare(prev, v) > 0) {
                return false;
            }
            sorted[k] = v;
            prev = v;
        }
        return true;
    }

    /**
     * Codes and per-bin value ranges from the values in ascending order: a value's bin is the
     * number of cuts that {@link Double#compare} below it, which is what the binary search finds;
     * a bin's first value in this order is its minimum and its last the maximum.
     */
    private static void codesInOrder(double[] sorted, int[] order, double[] c, byte[] codes, int off, double[] lo, double[] hi) {
        int b = 0;
        for (int k = 0; k < sorted.length; k++) {
            double v = sorted[k];
            while (b < c.length && Double.compare(c[b], v) < 0) {
                b++;
            }
            codes[off + order[k]] = (byte) b;
            if (Double.isNaN(lo[b])) {
                lo[b] = v;
            }
            hi[b] = v;
        }
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

    /**
     * The threshold separating a node's bins up to {@code b} from its bins from {@code next} on:
     * the midpoint of the largest training value in {@code b} and the smallest in {@code next},
     * which is sklearn's threshold when every value has its own bin and the node holds both.
     */
    double threshold(int f, int b, int next) {
        return midpoint(hi[f][b], lo[f][next]);
    }

    /** sklearn's threshold between two values, nudged down when rounding lands on the upper one. */
    static double midpoint(double lo, double hi) {
        double m = lo / 2.0 + hi / 2.0;
        return m == hi || Double.isInfinite(m) ? lo : m;
    }

    int bins(int f) {
        return cuts[f].length + 1;
    }
}
