package org.cellbook.core.pp;

import java.util.List;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.data.Matrix;

/**
 * Per-gene mean and variance exactly as scanpy's {@code _get_mean_var}: float64 sums of the
 * float32 values and of their float32 squares, {@code var = (E[x^2] - E[x]^2) * n / (n - 1)} (ddof = 1, computed from the raw
 * moments like scanpy, not with a two-pass formula, so near-constant genes round the same way).
 * For dense float32 input the squares are taken in float32 first, as numpy's {@code x * x} does.
 */
record ColumnStats(double[] mean, double[] var) {

    static ColumnStats of(Matrix x) {
        return x instanceof CsrMatrix c ? ofSparse(c, null, null) : ofDense((DenseMatrix) x);
    }

    /** A float32 transform applied to each stored value before the moments (e.g. expm1). */
    @FunctionalInterface
    interface FloatOp {
        float apply(float v);
    }

    /**
     * Over the rows with {@code rows[i]} true (all rows when {@code rows} is null), of
     * {@code f(value)} ({@code f} null = the values; {@code f(0)} must be 0). As scanpy's numba
     * kernel, the square is a float32 product added to a float64 sum.
     */
    static ColumnStats ofSparse(CsrMatrix x, boolean[] rows, FloatOp f) {
        int m = x.nCols();
        List<double[]> parts = RowChunks.map(x.nRows(), (from, to) -> {
            double[] acc = new double[2 * m];
            for (int i = from; i < to; i++) {
                if (rows != null && !rows[i]) {
                    continue;
                }
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                for (int k = off; k < end; k++) {
                    float v = f == null ? d[k] : f.apply(d[k]);
                    acc[idx[k]] += v;
                    acc[m + idx[k]] += v * v; // float32 product, as numba types float32 * float32
                }
            }
            return acc;
        });
        double[] acc = RowChunks.sumInOrder(parts, 2 * m);
        int n = 0;
        if (rows == null) {
            n = x.nRows();
        } else {
            for (boolean b : rows) {
                n += b ? 1 : 0;
            }
        }
        return finish(acc, m, n);
    }

    static ColumnStats ofDense(DenseMatrix x) {
        int m = x.nCols();
        float[] a = x.data();
        List<double[]> parts = RowChunks.map(x.nRows(), (from, to) -> {
            double[] acc = new double[2 * m];
            for (int i = from; i < to; i++) {
                int base = i * m;
                for (int j = 0; j < m; j++) {
                    float v = a[base + j];
                    acc[j] += v;
                    acc[m + j] += v * v; // float32 square, as numpy's x * x
                }
            }
            return acc;
        });
        return finish(RowChunks.sumInOrder(parts, 2 * m), m, x.nRows());
    }

    private static ColumnStats finish(double[] acc, int m, int n) {
        double[] mean = new double[m];
        double[] var = new double[m];
        for (int j = 0; j < m; j++) {
            mean[j] = acc[j] / n;
            var[j] = acc[m + j] / n - mean[j] * mean[j];
            if (n != 1) {
                var[j] *= (double) n / (n - 1);
            }
        }
        return new ColumnStats(mean, var);
    }
}
