package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UmapForcesTest {
    @Test
    void tabulatedCoefficientsAgreeWithTheFormulasToFloatPrecision() {
        double[] ab = Umap.findAbParams(1.0, 0.5);
        for (double[] p : new double[][] {ab, Umap.findAbParams(1.0, 0.1), {1.929, 0.7915}}) {
            UmapForces f = new UmapForces(p[0], p[1]);
            SplittableRandom rng = new SplittableRandom(3);
            double worst = 0;
            for (int i = 0; i < 200_000; i++) {
                // log-uniform over 2^-20 .. 2^20: inside the table and on both sides of it
                double d2 = Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(-20, 20));
                worst = Math.max(worst, Math.abs(f.attract(d2) / attract(p[0], p[1], d2) - 1));
                worst = Math.max(worst, Math.abs(f.repel(d2) / repel(p[0], p[1], d2) - 1));
            }
            assertTrue(worst < 1e-8, "a=" + p[0] + " b=" + p[1] + ": max relative error " + worst);
        }
    }

    @Test
    void segmentEdgesAndOutOfRangeValuesUseTheRightFormula() {
        double a = 0.58;
        double b = 1.33;
        UmapForces f = new UmapForces(a, b);
        for (double d2 : new double[] {0x1p-16, 0x1p-17, Math.nextDown(0x1p16), 0x1p16, 1.0, 2.0, 1.015625, 1e-30, 1e30}) {
            assertEquals(1, f.repel(d2) / repel(a, b, d2), 1e-8, "repel at " + d2);
            assertEquals(1, f.attract(d2) / attract(a, b, d2), 1e-8, "attract at " + d2);
        }
    }

    @Test
    void monomialCoefficientsReproduceACubic() {
        double[] x = {0.1, 0.3, 0.6, 0.9};
        double[] y = new double[4];
        for (int k = 0; k < 4; k++) {
            y[k] = 2 - 3 * x[k] + 0.5 * x[k] * x[k] + 4 * x[k] * x[k] * x[k];
        }
        assertArrayEquals(new double[] {2, -3, 0.5, 4}, UmapForces.monomial(x, y), 1e-12);
    }

    private static double attract(double a, double b, double d2) {
        return -2 * a * b * StrictMath.pow(d2, b - 1) / (1 + a * StrictMath.pow(d2, b));
    }

    private static double repel(double a, double b, double d2) {
        return 2 * b / ((0.001 + d2) * (1 + a * StrictMath.pow(d2, b)));
    }
}
