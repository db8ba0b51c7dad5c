package org.cellbook.core.tl;

/**
 * {@code x^p} as {@code 2^(p log2 x)} with table-driven base-2 logarithm and exponential, for
 * UMAP's SGD, which raises squared distances to the power {@code b} about a hundred million times
 * per layout, each call on the critical path of a chain of dependent updates (so what counts is
 * the latency of one call, not throughput). {@link Math#pow} (a HotSpot stub call) costs ~30 ns
 * of latency there; this ~20 ns.
 *
 * <p>Accuracy: 512-entry (log) and 256-entry (exp) tables, built once with {@link StrictMath}, and
 * degree-5 and degree-4 polynomials whose truncation errors are below 1e-16; the result is within a few ulps of
 * the exact power (relative error below 1e-13 while |p log2 x| stays below ~60; checked against
 * StrictMath in FastPowTest), far below the float32 precision of the layout. Only {@code +, *}
 * and bit operations: the same result on every JVM and CPU. No {@code Math.fma} on purpose: it is
 * a BigDecimal emulation, hundreds of times slower, on CPUs without FMA. Arguments outside the
 * fast path (zero, subnormal, negative, infinite, NaN, or a result beyond 2^±1000) fall back to
 * {@code StrictMath.pow}.
 */
final class FastPow {
    private static final double LN2 = 0.6931471805599453;
    private static final double INV_LN2 = 1.4426950408889634;
    /** 1 / c_j and log2 c_j for the bin centres c_j = 1 + (j + 1/2) / 512 of the mantissa range [1, 2). */
    private static final double[] INV_C = new double[512];
    private static final double[] LOG2_C = new double[512];
    /** 2^(i / 256). */
    private static final double[] EXP2_FRAC = new double[256];
    // ln(1 + r) / ln 2 to r^5 (|r| < 1/1024: the r^6 term is below 2e-19) and 2^(f/256) to f^4 (|f| <= 1/2: the f^5 term is below 4e-17).
    private static final double L1 = INV_LN2;
    private static final double L2 = -INV_LN2 / 2;
    private static final double L3 = INV_LN2 / 3;
    private static final double L4 = -INV_LN2 / 4;
    private static final double L5 = INV_LN2 / 5;
    /** Taylor coefficients of 2^(f / 256) = exp(f ln2 / 256). */
    private static final double E1 = LN2 / 256;
    private static final double E2 = E1 * E1 / 2;
    private static final double E3 = E2 * E1 / 3;
    private static final double E4 = E3 * E1 / 4;

    static {
        double ln2 = StrictMath.log(2.0);
        for (int j = 0; j < 512; j++) {
            double c = 1.0 + (j + 0.5) / 512;
            INV_C[j] = 1.0 / c;
            LOG2_C[j] = StrictMath.log(c) / ln2;
        }
        for (int i = 0; i < 256; i++) {
            EXP2_FRAC[i] = StrictMath.pow(2.0, i / 256.0);
        }
    }

    private FastPow() {
    }

    /** {@code x^p}, within a few ulps of {@code StrictMath.pow(x, p)} (exactly it outside the fast path). */
    static double pow(double x, double p) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) (bits >>> 52);
        if (biased <= 0 || biased >= 0x7ff) { // zero or subnormal; or sign bit set, infinite, NaN
            return StrictMath.pow(x, p);
        }
        // x = 2^e * m, m in [1, 2); m = c_j (1 + r) with c_j the centre of m's bin; m - c_j is exact.
        long mantissa = bits & 0x000F_FFFF_FFFF_FFFFL;
        int j = (int) (mantissa >>> 43);
        double m = Double.longBitsToDouble(mantissa | 0x3FF0_0000_0000_0000L);
        double c = Double.longBitsToDouble((mantissa & 0x000F_F800_0000_0000L) | 0x3FF0_0400_0000_0000L);
        double r = (m - c) * INV_C[j];
        double r2 = r * r;
        // Small terms first: log2 c_j + log2(1 + r) is near 0 for m near 1, then the exponent.
        double log2 = (biased - 1023) + (LOG2_C[j] + r * ((L1 + r * L2) + r2 * ((L3 + r * L4) + r2 * L5)));
        // 2^y = 2^(k / 256) 2^(f / 256) with y256 = 256 y (exact scaling), k = round(y256), |f| <= 1/2 exact.
        double y256 = (p * 256) * log2;
        if (!(Math.abs(y256) < 256_000)) {
            return StrictMath.pow(x, p);
        }
        double t = Math.rint(y256);
        int k = (int) t;
        double f = y256 - t;
        double f2 = f * f;
        double e = 1.0 + f * ((E1 + f * E2) + f2 * (E3 + f * E4));
        return Double.longBitsToDouble((long) ((k >> 8) + 1023) << 52) * EXP2_FRAC[k & 255] * e;
    }

    /**
     * {@code (1 + eps)^p} for small |eps| by its binomial series to eps^8, for a power known at a
     * nearby point: x^p = x0^p (1 + (x - x0) / x0)^p. Only used where |eps| <= {@link #maxEps()},
     * chosen so that the first dropped term, |C(p, 9)| eps^9, is below 2^-53 (at most 1/32):
     * the result is within a few ulps, like {@link FastPow#pow}.
     */
    static final class NearOne {
        private final double c1;
        private final double c2;
        private final double c3;
        private final double c4;
        private final double c5;
        private final double c6;
        private final double c7;
        private final double c8;
        private final double maxEps;

        NearOne(double p) {
            double[] c = new double[10];
            c[0] = 1;
            for (int k = 1; k < c.length; k++) {
                c[k] = c[k - 1] * (p - (k - 1)) / k; // C(p, k)
            }
            c1 = c[1];
            c2 = c[2];
            c3 = c[3];
            c4 = c[4];
            c5 = c[5];
            c6 = c[6];
            c7 = c[7];
            c8 = c[8];
            double tail = Math.abs(c[9]);
            maxEps = tail == 0 ? 1.0 / 32 : Math.min(1.0 / 32, StrictMath.pow(0x1p-53 / tail, 1.0 / 9));
        }

        double maxEps() {
            return maxEps;
        }

        /** (1 + eps)^p for |eps| <= maxEps (Estrin's scheme: short dependent chain). */
        double of(double eps) {
            double e2 = eps * eps;
            double e4 = e2 * e2;
            double lo = (c1 + eps * c2) + e2 * (c3 + eps * c4);
            double hi = (c5 + eps * c6) + e2 * (c7 + eps * c8);
            return 1.0 + eps * (lo + e4 * hi);
        }
    }
}
