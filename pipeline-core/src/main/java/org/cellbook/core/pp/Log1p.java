package org.cellbook.core.pp;

import java.util.HashMap;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;

/**
 * {@code sc.pp.log1p}: {@code X = log(1 + X)} on the stored values (sparsity is kept), natural
 * log unless {@code base} is given (then divided by {@code ln(base)} in float64 and rounded to
 * float32, as numpy does with a float64 scalar). Records {@code uns["log1p"] = {"base": base}},
 * which {@link HighlyVariableGenes} (flavor seurat) reads to undo the transform.
 */
public final class Log1p {
    private Log1p() {
    }

    /** @param base logarithm base; default null = natural logarithm */
    public record Params(Double base) {
        public Params {
            if (base != null && !(base > 0 && base != 1)) {
                throw BadInputException.parameter("base", "must be positive and not 1, got " + base,
                        "leave it unset for the natural log");
            }
        }

        public static Params defaults() {
            return new Params(null);
        }
    }

    public static AnnData apply(AnnData adata, Params p) {
        double lnBase = p.base() == null ? Double.NaN : Math.log(p.base());
        boolean natural = p.base() == null;
        var x = adata.x();
        var out = x instanceof CsrMatrix c
                ? c.mapStoredValues((src, dst, from, to) -> map(src, dst, from, to, natural, lnBase))
                : dense((DenseMatrix) x, natural, lnBase);
        Map<String, Object> info = new HashMap<>();
        info.put("base", p.base());
        return adata.toBuilder().x(out).uns("log1p", info).build();
    }

    /** One block of values; the natural-log case is a separate loop so it stays a plain call per value. */
    private static void map(float[] src, float[] dst, int from, int to, boolean natural, double lnBase) {
        if (natural) {
            for (int k = from; k < to; k++) {
                dst[k] = Float32Math.log1p(src[k]);
            }
        } else {
            for (int k = from; k < to; k++) {
                dst[k] = (float) (Float32Math.log1p(src[k]) / lnBase);
            }
        }
    }

    private static DenseMatrix dense(DenseMatrix x, boolean natural, double lnBase) {
        float[] a = x.data();
        float[] o = new float[a.length];
        int m = x.nCols();
        RowChunks.forEach(x.nRows(), (from, to) -> {
            map(a, o, from * m, to * m, natural, lnBase);
        });
        return new DenseMatrix(x.nRows(), m, o);
    }

    /** The base recorded by {@link #apply}, or null (natural log or never applied). */
    static Double recordedBase(AnnData adata) {
        return adata.uns().get("log1p") instanceof Map<?, ?> m && m.get("base") instanceof Number b ? b.doubleValue() : null;
    }
}
