package org.cellbook.core.tl;

/**
 * The two gradient coefficients of UMAP's SGD as functions of the squared distance, tabulated for
 * the parallel schedule's kernel ({@link UmapBlockSgd}):
 * <ul>
 *   <li>{@link #attract}: {@code -2ab d2^(b-1) / (1 + a d2^b)} (a sampled edge, umap-learn's
 *   {@code grad_coeff} of the positive sample);</li>
 *   <li>{@link #repel}: {@code 2b / ((0.001 + d2) (1 + a d2^b))} (a negative sample).</li>
 * </ul>
 * Why: these are evaluated about 570 million times per layout of the reference cohort; computed
 * directly, each costs a power (~40 instructions) and a division, the largest part of the SGD.
 * Here each is a table look-up and a cubic: {@code d2} in [2^-16, 2^16) is cut into 64 segments
 * per octave (by its exponent and top six mantissa bits, no arithmetic), and on each segment the
 * function is the cubic through its values at the segment's four Chebyshev nodes. The interpolation
 * error is below 1e-8 relative (UmapForcesTest checks it against {@link StrictMath}), under the
 * float32 resolution of the layout; outside the range (distances below 2^-8 or above 256, rare
 * in a layout spanning ~20 units) the formula is evaluated directly. The tables are built with
 * {@link StrictMath} and plain arithmetic: the same values on every JVM and CPU.
 */
final class UmapForces {
    /** Segments per octave: 2^SEG_BITS. */
    private static final int SEG_BITS = 6;
    private static final int MIN_EXP = -16;
    private static final int OCTAVES = 32;
    private static final int SEGMENTS = OCTAVES << SEG_BITS;
    /** The bits below the segment index: a fraction of the segment in [0, 1) after scaling. */
    private static final int FRAC_BITS = 52 - SEG_BITS;
    private static final long FRAC_MASK = (1L << FRAC_BITS) - 1;
    private static final double FRAC_SCALE = 0x1p-46;
    /** The segment index of 2^MIN_EXP in the top bits of a positive double. */
    private static final int FIRST = (1023 + MIN_EXP) << SEG_BITS;

    private final double a;
    private final double b;
    /** Per segment c0, c1, c2, c3 of the cubic in the segment's fraction u. */
    private final double[] attract;
    private final double[] repel;

    UmapForces(double a, double b) {
        if (SEG_BITS + FRAC_BITS != 52 || FRAC_SCALE != Math.scalb(1.0, -FRAC_BITS)) {
            throw new AssertionError("segment layout");
        }
        this.a = a;
        this.b = b;
        attract = table(this::attractExact);
        repel = table(this::repelExact);
    }

    /** {@code -2ab d2^(b-1) / (1 + a d2^b)} for {@code d2 > 0}. */
    double attract(double d2) {
        long bits = Double.doubleToRawLongBits(d2);
        int s = (int) (bits >>> FRAC_BITS) - FIRST;
        if (s < 0 || s >= SEGMENTS) {
            return attractExact(d2);
        }
        return cubic(attract, s, (bits & FRAC_MASK) * FRAC_SCALE);
    }

    /** {@code 2b / ((0.001 + d2) (1 + a d2^b))} for {@code d2 > 0}. */
    double repel(double d2) {
        long bits = Double.doubleToRawLongBits(d2);
        int s = (int) (bits >>> FRAC_BITS) - FIRST;
        if (s < 0 || s >= SEGMENTS) {
            return repelExact(d2);
        }
        return cubic(repel, s, (bits & FRAC_MASK) * FRAC_SCALE);
    }

    double attractExact(double d2) {
        double pbm1 = StrictMath.pow(d2, b - 1.0);
        return -2.0 * a * b * pbm1 / (1.0 + a * (pbm1 * d2));
    }

    double repelExact(double d2) {
        return 2.0 * b / ((0.001 + d2) * (1.0 + a * StrictMath.pow(d2, b)));
    }

    /** Estrin's scheme: a short dependent chain. */
    private static double cubic(double[] t, int s, double u) {
        int o = 4 * s;
        return (t[o] + u * t[o + 1]) + (u * u) * (t[o + 2] + u * t[o + 3]);
    }

    private static double[] table(java.util.function.DoubleUnaryOperator f) {
        double[] t = new double[4 * SEGMENTS];
        double[] nodes = new double[4];
        for (int k = 0; k < 4; k++) {
            nodes[k] = (1.0 - StrictMath.cos((2 * k + 1) * StrictMath.PI / 8)) / 2; // Chebyshev nodes on [0, 1]
        }
        double[] v = new double[4];
        for (int s = 0; s < SEGMENTS; s++) {
            // Segment s: d2 = 2^e (1 + (j + u) / 64) for u in [0, 1).
            int e = MIN_EXP + (s >> SEG_BITS);
            int j = s & ((1 << SEG_BITS) - 1);
            double scale = Math.scalb(1.0, e);
            for (int k = 0; k < 4; k++) {
                v[k] = f.applyAsDouble(scale * (1.0 + (j + nodes[k]) / (1 << SEG_BITS)));
            }
            System.arraycopy(monomial(nodes, v), 0, t, 4 * s, 4);
        }
        return t;
    }

    /** Coefficients c0..c3 of the cubic through (x[k], y[k]) (Newton's divided differences, expanded). */
    static double[] monomial(double[] x, double[] y) {
        double[] d = y.clone();
        for (int level = 1; level < 4; level++) {
            for (int k = 3; k >= level; k--) {
                d[k] = (d[k] - d[k - 1]) / (x[k] - x[k - level]);
            }
        }
        // p(u) = d0 + (u - x0)(d1 + (u - x1)(d2 + (u - x2) d3)), expanded from the inside out.
        double[] c = {d[3], 0, 0, 0};
        int deg = 0;
        for (int k = 2; k >= 0; k--) {
            // c(u) <- c(u) (u - x[k]) + d[k]
            double[] next = new double[4];
            for (int p = 0; p <= deg; p++) {
                next[p + 1] += c[p];
                next[p] -= x[k] * c[p];
            }
            next[0] += d[k];
            c = next;
            deg++;
        }
        return c;
    }
}
