package org.cellbook.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The generator's distributions have the moments they promise (fixed seeds: deterministic). */
class RngTest {
    private static double[] moments(int n, java.util.function.DoubleSupplier draw) {
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double x = draw.getAsDouble();
            sum += x;
            sq += x * x;
        }
        double mean = sum / n;
        return new double[] {mean, sq / n - mean * mean};
    }

    @Test
    void streamsAreReproducibleAndIndependent() {
        long[] a = new long[5];
        long[] b = new long[5];
        Rng r1 = Rng.stream(42, 3, 0);
        Rng r2 = Rng.stream(42, 3, 0);
        for (int i = 0; i < 5; i++) {
            a[i] = r1.nextLong();
            b[i] = r2.nextLong();
        }
        assertArrayEquals(a, b);
        assertNotEquals(Rng.stream(42, 3, 0).nextLong(), Rng.stream(42, 3, 1).nextLong());
        assertNotEquals(Rng.stream(42, 3, 0).nextLong(), Rng.stream(43, 3, 0).nextLong());
    }

    @Test
    void poissonHasMeanAndVarianceLambda() {
        for (double lambda : new double[] {0.3, 4, 25, 400}) {
            Rng rng = new Rng(7);
            double[] m = moments(200_000, () -> rng.poisson(lambda));
            assertEquals(lambda, m[0], 0.01 * lambda + 0.01, "mean, lambda " + lambda);
            assertEquals(lambda, m[1], 0.03 * lambda + 0.01, "variance, lambda " + lambda);
        }
    }

    @Test
    void gammaHasMeanAndVarianceShape() {
        for (double shape : new double[] {0.5, 2, 9}) {
            Rng rng = new Rng(11);
            double[] m = moments(200_000, () -> rng.gamma(shape));
            assertEquals(shape, m[0], 0.02 * shape, "mean, shape " + shape);
            assertEquals(shape, m[1], 0.05 * shape, "variance, shape " + shape);
        }
    }

    @Test
    void negativeBinomialIsOverdispersed() {
        Rng rng = new Rng(13);
        double mean = 6;
        double theta = 2;
        double[] m = moments(200_000, () -> rng.negativeBinomial(mean, theta));
        assertEquals(mean, m[0], 0.1);
        assertEquals(mean + mean * mean / theta, m[1], 0.05 * (mean + mean * mean / theta));
    }

    @Test
    void gaussianIsStandard() {
        Rng rng = new Rng(17);
        double[] m = moments(200_000, rng::gaussian);
        assertEquals(0, m[0], 0.01);
        assertEquals(1, m[1], 0.02);
    }

    @Test
    void aliasTableDrawsInProportionToWeights() {
        double[] w = {1, 0, 3, 6};
        AliasTable t = new AliasTable(new int[] {10, 11, 12, 13}, w);
        Rng rng = new Rng(19);
        int[] seen = new int[4];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            seen[t.sample(rng) - 10]++;
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i] / 10, seen[i] / (double) n, 0.005, "value " + (10 + i));
        }
    }
}
