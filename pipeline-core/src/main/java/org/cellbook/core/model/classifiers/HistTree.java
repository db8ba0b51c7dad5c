package org.cellbook.core.model.classifiers;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One fitted classification tree: split feature and threshold per inner node ({@code x <= t} goes
 * left), the weighted fraction of class 1 per leaf. Grown by {@link Grower} from binned features.
 */
final class HistTree {
    private final int[] feature; // -1 for a leaf
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final double[] value;

    private HistTree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.value = value;
    }

    double proba(double[] x) {
        int node = 0;
        while (feature[node] >= 0) {
            node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return value[node];
    }

    int nodes() {
        return feature.length;
    }

    /**
     * Grows trees with scikit-learn's best-split rules on binned features: weighted Gini, at most
     * {@code maxDepth} levels (root is depth 0, -1 = unlimited), at least {@code minLeaf} distinct
     * in-bag rows per leaf, no split of pure nodes or nodes of fewer than 2 rows, and per node up to
     * {@code mtry} candidate features drawn without replacement, where features constant in the
     * node do not count (sklearn's splitter keeps drawing past them). A node's split is found from
     * one class-weight histogram per candidate feature, O(rows) plus the bins it touches. Single use per tree;
     * scratch arrays are reused across trees.
     */
    static final class Grower {
        private final FeatureBins bins;
        private final int maxDepth;
        private final int minLeaf;
        private final int mtry;
        private final int[] features;
        private final long[] hist = new long[FeatureBins.MAX_BINS];
        private final int[] touched = new int[FeatureBins.MAX_BINS];
        private int[] rows;
        private int[] scratch;
        // Output, grown as needed.
        private int size;
        private int[] feature = new int[64];
        private double[] threshold = new double[64];
        private int[] left = new int[64];
        private int[] right = new int[64];
        private double[] value = new double[64];

        Grower(FeatureBins bins, int maxDepth, int minLeaf, int mtry) {
            this.bins = bins;
            this.maxDepth = maxDepth < 0 ? Integer.MAX_VALUE : maxDepth;
            this.minLeaf = Math.max(1, minLeaf);
            this.mtry = mtry;
            this.features = new int[bins.p];
            this.scratch = new int[bins.n];
        }

        /**
         * @param rows the in-bag rows (distinct; consumed)
         * @param packed per row, {@link #pack} of its bootstrap count and class
         * @param cw0 weight of one class-0 draw (1, or the balanced class weight)
         * @param cw1 weight of one class-1 draw
         */
        HistTree grow(int[] rows, int nRows, long[] packed, double cw0, double cw1, SplittableRandom rng) {
            this.rows = rows;
            size = 0;
            for (int f = 0; f < features.length; f++) {
                features[f] = f;
            }
            // Explicit stack of (node, start, end, depth); children are created when the parent splits.
            int[] stack = new int[64 * 4];
            int top = 0;
            int root = newNode();
            stack[top++] = root;
            stack[top++] = 0;
            stack[top++] = nRows;
            stack[top++] = 0;
            while (top > 0) {
                int depth = stack[--top];
                int end = stack[--top];
                int start = stack[--top];
                int node = stack[--top];
                long sum = 0;
                for (int k = start; k < end; k++) {
                    sum += packed[rows[k]];
                }
                double tw0 = cw0 * draws0(sum);
                double tw1 = cw1 * draws1(sum);
                value[node] = tw1 / (tw0 + tw1);
                int count = end - start;
                if (depth >= maxDepth || count < 2 || count < 2 * minLeaf || tw1 == 0 || tw0 == 0) {
                    continue;
                }
                long split = bestSplit(start, end, draws0(sum), draws1(sum), packed, cw0, cw1, rng);
                if (split < 0) {
                    continue;
                }
                int f = (int) (split >>> 16);
                int b = (int) (split & 0xFF);
                int next = (int) ((split >>> 8) & 0xFF);
                int mid = partition(start, end, f, b);
                int l = newNode();
                int rgt = newNode();
                feature[node] = f;
                threshold[node] = bins.threshold(f, b, next);
                left[node] = l;
                right[node] = rgt;
                if (top + 8 > stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                // Right first so the left subtree is grown first (order only affects node numbering).
                stack[top++] = rgt;
                stack[top++] = mid;
                stack[top++] = end;
                stack[top++] = depth + 1;
                stack[top++] = l;
                stack[top++] = start;
                stack[top++] = mid;
                stack[top++] = depth + 1;
            }
            return new HistTree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size),
                    Arrays.copyOf(left, size), Arrays.copyOf(right, size), Arrays.copyOf(value, size));
        }

        /**
         * {@code feature << 16 | next << 8 | bin} of the best split (left = bins up to {@code bin},
         * {@code next} = the node's next non-empty bin), or -1 if none is valid.
         */
        private long bestSplit(int start, int end, long n0, long n1, long[] packed, double cw0, double cw1, SplittableRandom rng) {
            int p = features.length;
            int count = end - start;
            double best = Double.NEGATIVE_INFINITY;
            long bestSplit = -1;
            int visited = 0;
            byte[] codes = bins.codes;
            int n = bins.n;
            for (int i = 0; i < p && visited < mtry; i++) {
                int j = i + rng.nextInt(p - i);
                int f = features[j];
                features[j] = features[i];
                features[i] = f;
                int nb = bins.bins(f);
                int off = f * n;
                // Histograms stay all-zero between uses. A node with fewer rows than bins records the
                // bins it touches and, when they are few, visits only those (O(rows log rows), which is
                // what deep nodes need); otherwise the histogram is filled with a branch-free loop and
                // all bins are scanned.
                int nt = 0;
                boolean listed = false;
                if (count < nb) {
                    for (int k = start; k < end; k++) {
                        int r = rows[k];
                        int b = codes[off + r] & 0xFF;
                        if (hist[b] == 0) {
                            touched[nt++] = b;
                        }
                        hist[b] += packed[r];
                    }
                    listed = nt * 8 < nb;
                    if (listed) {
                        Arrays.sort(touched, 0, nt);
                    }
                } else {
                    for (int k = start; k < end; k++) {
                        int r = rows[k];
                        hist[codes[off + r] & 0xFF] += packed[r];
                    }
                }
                // Walk the non-empty bins in ascending order (the sorted touched list, or all nb bins),
                // clearing each as it is read. A split "left = bins up to prev" is scored when the
                // next non-empty bin b is reached, so the last non-empty bin is never a split point.
                long left = 0;
                int prev = -1;
                boolean open = true; // false once the right side would be smaller than minLeaf
                int nonEmpty = 0;
                int limit = listed ? nt : nb;
                for (int t = 0; t < limit; t++) {
                    int b = listed ? touched[t] : t;
                    long h = hist[b];
                    if (h == 0) {
                        continue;
                    }
                    hist[b] = 0;
                    nonEmpty++;
                    if (prev >= 0 && open) {
                        int cl = rowsOf(left);
                        if (count - cl < minLeaf) {
                            open = false;
                        } else if (cl >= minLeaf) {
                            long l0 = draws0(left);
                            long l1 = draws1(left);
                            double wl0 = cw0 * l0;
                            double wl1 = cw1 * l1;
                            double wr0 = cw0 * (n0 - l0);
                            double wr1 = cw1 * (n1 - l1);
                            double wl = wl0 + wl1;
                            double wr = wr0 + wr1;
                            // sklearn's Gini proxy: maximising it minimises the children's weighted impurity.
                            double proxy = (wl1 * wl1 + wl0 * wl0) / wl + (wr1 * wr1 + wr0 * wr0) / wr;
                            if (proxy > best) {
                                best = proxy;
                                bestSplit = ((long) f << 16) | ((long) b << 8) | prev;
                            }
                        }
                    }
                    left += h;
                    prev = b;
                }
                boolean constant = nonEmpty <= 1;
                if (!constant) {
                    visited++;
                }
            }
            return bestSplit;
        }

        /** Stable partition of {@code rows[start, end)} into bin <= b, then the rest; returns the boundary. */
        private int partition(int start, int end, int f, int b) {
            byte[] codes = bins.codes;
            int off = f * bins.n;
            int l = start;
            int r = 0;
            for (int k = start; k < end; k++) {
                int row = rows[k];
                if ((codes[off + row] & 0xFF) <= b) {
                    rows[l++] = row;
                } else {
                    scratch[r++] = row;
                }
            }
            System.arraycopy(scratch, 0, rows, l, r);
            return l;
        }

        /**
         * A row's histogram entry: 1 (distinct rows) in bits 42-62, its bootstrap draws in bits
         * 21-41 if class 1, else in bits 0-20. One long add per row updates all three counts of a
         * bin; counts stay exact integers, so sums do not depend on order.
         */
        static long pack(int draws, int label) {
            return (1L << 42) | (label == 1 ? (long) draws << 21 : draws);
        }

        /** Rows a packed sum can hold without a field overflowing. */
        static final int MAX_ROWS = (1 << 21) - 1;

        private static int rowsOf(long sum) {
            return (int) (sum >>> 42);
        }

        private static long draws1(long sum) {
            return (sum >>> 21) & MAX_ROWS;
        }

        private static long draws0(long sum) {
            return sum & MAX_ROWS;
        }

        private int newNode() {
            if (size == feature.length) {
                int c = size * 2;
                feature = Arrays.copyOf(feature, c);
                threshold = Arrays.copyOf(threshold, c);
                left = Arrays.copyOf(left, c);
                right = Arrays.copyOf(right, c);
                value = Arrays.copyOf(value, c);
            }
            feature[size] = -1;
            return size++;
        }
    }
}
