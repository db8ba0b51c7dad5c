package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastPowTest {
    @Test
    void agreesWithStrictMathToWithinAFewUlps() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] powers = {1.3341, 0.3341, -0.5, 0.7915, 1.929, 2.0, 0.0, 0.05};
        double worst = 0;
        for (double p : powers) {
            for (int i = 0; i < 200_000; i++) {
                // Squared distances of a UMAP layout span tiny to huge: log-uniform over 2^-60 .. 2^40.
                double x = Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(-60, 40));
                double want = StrictMath.pow(x, p);
                double got = FastPow.pow(x, p);
                worst = Math.max(worst, Math.abs(got - want) / want);
            }
        }
        assertTrue(worst < 1e-13, "max relative error " + worst);
    }

    @Test
    void simpleCasesWithinTwoUlps() {
        double[][] cases = {{1.0, 1.3341, 1.0}, {4.0, 1.5, 8.0}, {16.0, -0.5, 0.25}, {2.0, 10.0, 1024.0}, {0.5, 0.3341, Math.pow(0.5, 0.3341)}};
        for (double[] c : cases) {
            assertEquals(c[2], FastPow.pow(c[0], c[1]), 2 * Math.ulp(c[2]), c[0] + "^" + c[1]);
        }
    }

    @Test
    void outOfRangeArgumentsFallBackToStrictMath() {
        double[] xs = {0.0, Double.MIN_VALUE, 1e-310, Double.POSITIVE_INFINITY, Double.NaN};
        for (double x : xs) {
            for (double p : new double[] {1.3341, 4.0, -0.5}) {
                assertEquals(StrictMath.pow(x, p), FastPow.pow(x, p), "x=" + x + " p=" + p);
            }
        }
        // Normal x whose power leaves the fast exponential's range (2^±1000): overflow and underflow.
        assertEquals(StrictMath.pow(1e300, 4.0), FastPow.pow(1e300, 4.0));
        assertEquals(StrictMath.pow(1e-300, 4.0), FastPow.pow(1e-300, 4.0));
    }

    @Test
    void nearOneSeriesAgreesWithStrictMathWithinItsRange() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        for (double p : new double[] {1.3341, 0.7915, 1.929, 0.3341, 2.5}) {
            FastPow.NearOne series = new FastPow.NearOne(p);
            assertTrue(series.maxEps() > 0.005 && series.maxEps() <= 1.0 / 32, "range for p=" + p + ": " + series.maxEps());
            for (int i = 0; i < 100_000; i++) {
                double eps = (2 * rng.nextDouble() - 1) * series.maxEps();
                double want = StrictMath.pow(1 + eps, p);
                worst = Math.max(worst, Math.abs(series.of(eps) - want) / want);
            }
        }
        // 1 + eps is itself rounded in the reference: a couple of ulps either way.
        assertTrue(worst < 1e-15, "max relative error " + worst);
    }
}
