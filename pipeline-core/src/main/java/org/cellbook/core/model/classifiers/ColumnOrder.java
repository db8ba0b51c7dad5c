package org.cellbook.core.model.classifiers;

import java.util.Arrays;

/**
 * Per feature, the rows of a matrix in ascending order of that feature: a hint that lets
 * {@link FeatureBins} skip its per-fit sort. The fold runner sorts each outer training part's raw
 * columns once and narrows the order to each inner training part ({@link #restrict}); the fold
 * transforms applied before fitting (standard scaling) are non-decreasing per feature, so the
 * order stays ascending for the transformed values.
 *
 * <p>A hint, never trusted: {@link FeatureBins} checks that the values it reads in this order do
 * not decrease and sorts the column itself when they do, so the bins are exactly those of the
 * rows alone. Restricting to the inner training rows drops every other row, which is why an
 * inner test row cannot reach an inner fit through the order: its position does not appear.
 */
public final class ColumnOrder {
    private final int[][] order;
    private final int n;

    private ColumnOrder(int[][] order, int n) {
        this.order = order;
        this.n = n;
    }

    /**
     * Sorts the columns of the rows {@code rows} of a row-major float matrix with {@code p}
     * columns; position {@code k} of the result stands for row {@code rows[k]}. Ties keep position
     * order; the order is {@link Float#compare}'s (-0 before 0, NaN last).
     */
    public static ColumnOrder ofFloatRows(float[] data, int p, int[] rows) {
        int n = rows.length;
        int[][] order = new int[p][n];
        long[] keys = new long[n];
        for (int f = 0; f < p; f++) {
            for (int k = 0; k < n; k++) {
                // Float.compare order as a signed int: flip the magnitude bits of negatives. The
                // position in the low half makes every key distinct and keeps ties in position order.
                int bits = Float.floatToIntBits(data[rows[k] * p + f]);
                bits ^= (bits >> 31) & 0x7fffffff;
                keys[k] = ((long) bits << 32) | k;
            }
            Arrays.sort(keys);
            int[] o = order[f];
            for (int k = 0; k < n; k++) {
                o[k] = (int) keys[k];
            }
        }
        return new ColumnOrder(order, n);
    }

    /**
     * The order of the sub-matrix of positions {@code positions} (into this order's rows):
     * position {@code k} of the result stands for {@code positions[k]}. O(n) per feature.
     */
    public ColumnOrder restrict(int[] positions) {
        int[] newPos = new int[n];
        Arrays.fill(newPos, -1);
        for (int k = 0; k < positions.length; k++) {
            if (newPos[positions[k]] >= 0) {
                throw new IllegalArgumentException("position " + positions[k] + " given twice");
            }
            newPos[positions[k]] = k;
        }
        int[][] out = new int[order.length][positions.length];
        for (int f = 0; f < order.length; f++) {
            int[] src = order[f];
            int[] dst = out[f];
            int m = 0;
            for (int r : src) {
                int q = newPos[r];
                if (q >= 0) {
                    dst[m++] = q;
                }
            }
        }
        return new ColumnOrder(out, positions.length);
    }

    /** Rows of the matrix this order is for. */
    public int nRows() {
        return n;
    }

    public int nFeatures() {
        return order.length;
    }

    /** Feature {@code f}'s row positions in ascending order of its value (not a copy). */
    int[] feature(int f) {
        return order[f];
    }
}
