package org.cellbook.core.synth;

/**
 * A small deterministic random source for the synthetic cohort: SplitMix64 (the generator behind
 * {@link java.util.SplittableRandom}) with the distributions the generator needs.
 *
 * <p>Written out here rather than borrowed so that the same seed gives the same numbers on every
 * JDK: the bit stream is fixed by the algorithm below, and every transcendental function goes
 * through {@link StrictMath}, whose results are specified bit for bit ({@link Math} may use
 * faster intrinsics that differ in the last bit between machines). Independent streams come
 * from {@link #stream}, so each sample has its own stream and samples can be generated in any
 * order or in parallel with identical results.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream for a (seed, key, key, ...) path, e.g. (seed, SAMPLE, 3). */
    static Rng stream(long seed, long... keys) {
        long s = mix(seed ^ GOLDEN);
        for (long k : keys) {
            s = mix(s + GOLDEN * (k + 1));
        }
        return new Rng(s);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n) (multiply-shift; bias below 2^-32 relative, irrelevant here). */
    int nextInt(int n) {
        return (int) (((nextLong() >>> 32) * n) >>> 32);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal (Marsaglia's polar method). */
    double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** exp(N(log(median), sigma)). */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    /** Gamma(shape, scale 1) (Marsaglia and Tsang 2000; shape below 1 by the u^(1/shape) boost). */
    double gamma(double shape) {
        if (shape < 1) {
            double u = nextDouble();
            return gamma(shape + 1) * StrictMath.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / StrictMath.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (StrictMath.log(u) < 0.5 * x2 + d * (1 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }

    /** Poisson(lambda): multiplication method below 10, Hoermann's PTRS (as in numpy) above. */
    int poisson(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 10) {
            double limit = StrictMath.exp(-lambda);
            double p = nextDouble();
            int k = 0;
            while (p > limit) {
                p *= nextDouble();
                k++;
            }
            return k;
        }
        double slam = StrictMath.sqrt(lambda);
        double logLam = StrictMath.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = nextDouble() - 0.5;
            double v = nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) StrictMath.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (StrictMath.log(v) + StrictMath.log(invAlpha) - StrictMath.log(a / (us * us) + b)
                    <= -lambda + k * logLam - logFactorial(k)) {
                return (int) k;
            }
        }
    }

    /** Negative binomial with the given mean and dispersion theta (variance mean + mean^2/theta), as gamma-Poisson. */
    int negativeBinomial(double mean, double theta) {
        return poisson(mean * gamma(theta) / theta);
    }

    /** Index drawn with probability proportional to weights (linear scan; for short lists). */
    int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static final double[] LOG_FACTORIAL = new double[256];

    static {
        for (int i = 1; i < LOG_FACTORIAL.length; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + StrictMath.log(i);
        }
    }

    /** log(k!) from a table, Stirling's series beyond it. */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[(int) k];
        }
        double n = k + 1;
        return (n - 0.5) * StrictMath.log(n) - n + 0.5 * StrictMath.log(2 * Math.PI)
                + 1 / (12 * n) - 1 / (360 * n * n * n);
    }
}
