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
     * one class-weight histogram per candidate feature, O(rows + bins). Single use per tree;
     * scratch arrays are reused across trees.
     */
    static final class Grower {
        private final FeatureBins bins;
        private final int maxDepth;
        private final int minLeaf;
        private final int mtry;
        private final int[] features;
        private final int[] hCount = new int[FeatureBins.MAX_BINS];
        private final double[] hWeight = new double[FeatureBins.MAX_BINS];
        private final double[] hWeight1 = new double[FeatureBins.MAX_BINS];
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
         * @param w each row's weight (bootstrap count times class weight), indexed by row
         * @param w1 {@code w} for class-1 rows, 0 for class-0 rows
         */
        HistTree grow(int[] rows, int nRows, double[] w, double[] w1, SplittableRandom rng) {
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
                double tw = 0;
                double tw1 = 0;
                for (int k = start; k < end; k++) {
                    int r = rows[k];
                    tw += w[r];
                    tw1 += w1[r];
                }
                value[node] = tw1 / tw;
                int count = end - start;
                if (depth >= maxDepth || count < 2 || count < 2 * minLeaf || tw1 <= 0 || tw1 >= tw) {
                    continue;
                }
                long split = bestSplit(start, end, tw, tw1, w, w1, rng);
                if (split < 0) {
                    continue;
                }
                int f = (int) (split >>> 8);
                int b = (int) (split & 0xFF);
                int mid = partition(start, end, f, b);
                int l = newNode();
                int rgt = newNode();
                feature[node] = f;
                threshold[node] = bins.cuts[f][b];
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

        /** {@code feature << 8 | bin} of the best split (left = bins up to {@code bin}), or -1 if none is valid. */
        private long bestSplit(int start, int end, double tw, double tw1, double[] w, double[] w1, SplittableRandom rng) {
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
                Arrays.fill(hCount, 0, nb, 0);
                Arrays.fill(hWeight, 0, nb, 0.0);
                Arrays.fill(hWeight1, 0, nb, 0.0);
                int off = f * n;
                for (int k = start; k < end; k++) {
                    int r = rows[k];
                    int b = codes[off + r] & 0xFF;
                    hCount[b]++;
                    hWeight[b] += w[r];
                    hWeight1[b] += w1[r];
                }
                int cl = 0;
                double wl = 0;
                double wl1 = 0;
                boolean constant = true;
                for (int b = 0; b < nb - 1; b++) {
                    if (hCount[b] == 0) {
                        continue;
                    }
                    cl += hCount[b];
                    if (cl == count) {
                        break; // everything left: no split at or after b
                    }
                    constant = false;
                    wl += hWeight[b];
                    wl1 += hWeight1[b];
                    if (cl < minLeaf) {
                        continue;
                    }
                    if (count - cl < minLeaf) {
                        break;
                    }
                    double wl0 = wl - wl1;
                    double wr = tw - wl;
                    double wr1 = tw1 - wl1;
                    double wr0 = wr - wr1;
                    // sklearn's Gini proxy: maximising it minimises the children's weighted impurity.
                    double proxy = (wl1 * wl1 + wl0 * wl0) / wl + (wr1 * wr1 + wr0 * wr0) / wr;
                    if (proxy > best) {
                        best = proxy;
                        bestSplit = ((long) f << 8) | b;
                    }
                }
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
