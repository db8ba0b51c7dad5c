package org.cellbook.core.pp;

import java.util.List;
import org.cellbook.core.data.CsrMatrix;

/**
 * The p x p operator {@code Xc^T Xc} for ARPACK, where {@code Xc} is the sparse matrix restricted to
 * the selected columns and, when means are given, implicitly centred ({@code Xc v = X v - (mu . v) 1},
 * {@code Xc^T u = X^T u - mu (1 . u)}), so the matrix is never densified. Products run over fixed row
 * chunks with partial sums reduced in chunk order: deterministic for any thread count.
 */
final class GramOperator {
    private final CsrMatrix x;
    private final int[] colMap;
    private final double[] mu;
    private final int p;

    /**
     * @param colMap for each column of x its position among the selected columns, or -1; null when
     *               all columns are selected in order (p = columns of x), which skips the lookup
     * @param mu     column means of the selected columns, or null for no centring
     */
    GramOperator(CsrMatrix x, int[] colMap, int p, double[] mu) {
        this.x = x;
        this.colMap = colMap;
        this.p = p;
        this.mu = mu;
    }

    int dim() {
        return p;
    }

    /**
     * Scores {@code Xc V} for k unit vectors at once, row-major n x k as float32: one pass over the
     * matrix instead of k (per row, each value is accumulated into all k sums in double).
     */
    float[] timesAll(double[][] vectors) {
        int k = vectors.length;
        double[] vt = new double[p * k]; // vt[j * k + t]: the k weights of column j, contiguous
        double[] shift = new double[k];
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < p; j++) {
                vt[j * k + t] = vectors[t][j];
                if (mu != null) {
                    shift[t] += mu[j] * vectors[t][j];
                }
            }
        }
        float[] scores = new float[x.nRows() * k];
        RowChunks.forEach(x.nRows(), (from, to) -> {
            double[] acc = new double[k];
            for (int i = from; i < to; i++) {
                java.util.Arrays.fill(acc, 0);
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                for (int q = off; q < end; q++) {
                    int j = colMap == null ? idx[q] : colMap[idx[q]];
                    if (j >= 0) {
                        double v = d[q];
                        int b = j * k;
                        for (int t = 0; t < k; t++) {
                            acc[t] += v * vt[b + t];
                        }
                    }
                }
                for (int t = 0; t < k; t++) {
                    scores[i * k + t] = (float) (acc[t] - shift[t]);
                }
            }
        });
        return scores;
    }

    /** From the summed {@code [X^T t, 1 . t]} to {@code Xc^T t}. */
    private double[] finishTranspose(double[] y) {
        double total = y[p];
        double[] out = java.util.Arrays.copyOf(y, p);
        if (mu != null) {
            for (int j = 0; j < p; j++) {
                out[j] -= mu[j] * total;
            }
        }
        return out;
    }

    /**
     * {@code Xc^T Xc v} in one pass over the matrix: each row's {@code t_i = (Xc v)_i} is scattered
     * into {@code Xc^T t} while the row is still in cache (half the memory traffic of two passes).
     */
    double[] apply(double[] v) {
        double shift = 0;
        if (mu != null) {
            for (int j = 0; j < p; j++) {
                shift += mu[j] * v[j];
            }
        }
        double s = shift;
        List<double[]> parts = RowChunks.map(x.nRows(), (from, to) -> {
            double[] acc = new double[p + 1];
            for (int i = from; i < to; i++) {
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                double dot = 0;
                if (colMap == null) {
                    for (int k = off; k < end; k++) {
                        dot += d[k] * v[idx[k]];
                    }
                } else {
                    for (int k = off; k < end; k++) {
                        int j = colMap[idx[k]];
                        if (j >= 0) {
                            dot += d[k] * v[j];
                        }
                    }
                }
                double ti = dot - s;
                if (colMap == null) {
                    for (int k = off; k < end; k++) {
                        acc[idx[k]] += d[k] * ti;
                    }
                } else {
                    for (int k = off; k < end; k++) {
                        int j = colMap[idx[k]];
                        if (j >= 0) {
                            acc[j] += d[k] * ti;
                        }
                    }
                }
                acc[p] += ti;
            }
            return acc;
        });
        return finishTranspose(RowChunks.sumInOrder(parts, p + 1));
    }
}
