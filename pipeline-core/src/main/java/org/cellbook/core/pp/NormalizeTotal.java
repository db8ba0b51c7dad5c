package org.cellbook.core.pp;

import java.util.Arrays;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.FreshArrays;
import tech.tablesaw.api.DoubleColumn;

/**
 * {@code sc.pp.normalize_total} on sparse counts, reproducing scanpy's float32 arithmetic: the
 * per-cell count is summed in float64 and stored as float32; the default target is
 * {@code np.median} of those float32 counts over <em>all</em> cells (scanpy's CSR path; the
 * dense path would take the median of non-zero counts); the factor {@code count / target} is
 * float32 and zero factors become 1 (cells without counts stay zero); each value is divided by
 * its cell's factor in float32. {@code exclude_highly_expressed} is not supported.
 */
public final class NormalizeTotal {
    private NormalizeTotal() {
    }

    /**
     * @param targetSum total per cell after normalisation; default null = median of the totals
     * @param keyAdded  obs column for the size factor ({@code count / target}); default null = not stored
     */
    public record Params(Double targetSum, String keyAdded) {
        public Params {
            if (targetSum != null && !(targetSum > 0) ) {
                throw BadInputException.parameter("target_sum", "must be positive, got " + targetSum,
                        "pass a positive total (e.g. 1e4) or leave it unset for the median");
            }
        }

        public static Params defaults() {
            return new Params(null, null);
        }
    }

    public static AnnData apply(AnnData adata, Params p) {
        CsrMatrix x = adata.xSparse();
        // The output values (as large as the input's) are allocated on another thread meanwhile:
        // zeroing and mapping a few hundred MB of fresh memory costs more than both passes here.
        java.util.concurrent.FutureTask<float[][]> fresh = FreshArrays.onAnotherThread(x::newValueArrays);
        Factors f = factors(x, p);
        CsrMatrix out = x.mapRowsInto(FreshArrays.await(fresh), f::divideRow);
        return f.result(adata, out, p);
    }

    /**
     * {@link #apply} dividing X's values in place, as scanpy's {@code normalize_total} does (its
     * default {@code inplace=True} rescales {@code X.data}): no new value arrays, so none of the
     * cost of zeroing and mapping a few hundred MB of fresh memory. Same result, bit for bit.
     *
     * <p><b>Ownership.</b> The caller gives {@code adata} up: its X values are overwritten with the
     * normalised ones. Call it only when nothing will read the counts again: not {@code adata},
     * not any container sharing its X (one it was derived from, or derived from it, without a
     * new X, e.g. through {@code withObsColumn}; a layer holding X), and not a cached step
     * output. Otherwise use {@link #apply}. See {@link CsrMatrix#mapRowsInPlace}.
     */
    public static AnnData applyInPlace(AnnData adata, Params p) {
        CsrMatrix x = adata.xSparse();
        Factors f = factors(x, p);
        return f.result(adata, x.mapRowsInPlace(f::divideRow), p);
    }

    /** Per-cell divisor (zero factors become 1) and the size factor stored under {@code keyAdded}. */
    private record Factors(float[] divisor, double[] factor) {
        void divideRow(int row, float[] src, float[] dst, int from, int to) {
            float f = divisor[row];
            for (int k = from; k < to; k++) {
                dst[k] = src[k] / f;
            }
        }

        AnnData result(AnnData adata, CsrMatrix out, Params p) {
            AnnData result = adata.withX(out);
            return p.keyAdded() == null ? result : result.withObsColumn(DoubleColumn.create(p.keyAdded(), factor));
        }
    }

    private static Factors factors(CsrMatrix x, Params p) {
        int n = x.nRows();
        float[] counts = new float[n];
        RowChunks.forEach(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                counts[i] = (float) Filters.rowSum(x, i);
            }
        });
        float target = p.targetSum() == null ? median(counts) : p.targetSum().floatValue();
        float[] divisor = new float[n];
        double[] factor = new double[n];
        for (int i = 0; i < n; i++) {
            float f = counts[i] / target;
            factor[i] = f;
            divisor[i] = f == 0f ? 1f : f;
        }
        return new Factors(divisor, factor);
    }

    /** numpy's median of a float32 array: the middle value, or the float32 mean of the two middle ones. */
    static float median(float[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("median of no cells");
        }
        float[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2f;
    }
}
