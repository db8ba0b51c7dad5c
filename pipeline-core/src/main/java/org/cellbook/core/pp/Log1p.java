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

    /** Entries of the per-block memo (a power of two). */
    private static final int MEMO = 256;

    /**
     * One block of values. Normalised counts repeat (within a cell every count of 1 becomes the
     * same value, likewise 2, 3, ...), so results are memoised in a small direct-mapped table keyed
     * by the exact float bits: a hit returns the identical float that {@link Float32Math#log1p}
     * gave, so the output is unchanged, and a hit costs less than the logarithm.
     */
    private static void map(float[] src, float[] dst, int from, int to, boolean natural, double lnBase) {
        int[] keys = new int[MEMO]; // all +0.0f; vals starts as the result for +0.0f
        float[] vals = new float[MEMO];
        if (!natural) {
            java.util.Arrays.fill(vals, (float) (Float32Math.log1p(0f) / lnBase)); // -0.0f when base < 1
        }
        for (int k = from; k < to; k++) {
            float v = src[k];
            int bits = Float.floatToRawIntBits(v);
            int slot = (bits * 0x9E3779B9) >>> 24;
            float out;
            if (keys[slot] == bits) {
                out = vals[slot];
            } else {
                float l = Float32Math.log1p(v);
                out = natural ? l : (float) (l / lnBase);
                keys[slot] = bits;
                vals[slot] = out;
            }
            dst[k] = out;
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
