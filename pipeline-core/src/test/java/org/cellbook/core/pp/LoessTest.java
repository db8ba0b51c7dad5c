package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LoessTest {
    @Test
    void localQuadraticReproducesAQuadraticExactly() {
        // Degree-2 local fits reproduce quadratics; Hermite interpolation of exact values and slopes too.
        Random r = new Random(1);
        double[] x = new double[300];
        double[] y = new double[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() * 4 - 1;
            y[i] = 2 - 3 * x[i] + 0.5 * x[i] * x[i];
        }
        double[] interp = Loess.fit(x, y, 0.3, 2);
        double[] direct = Loess.fitDirect(x, y, 0.3, 2);
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], interp[i], 1e-9, "interpolate at " + x[i]);
            assertEquals(y[i], direct[i], 1e-9, "direct at " + x[i]);
        }
    }

    @Test
    void interpolationStaysCloseToDirectFitOnNoisyData() {
        Random r = new Random(7);
        double[] x = new double[2000];
        double[] y = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
            y[i] = Math.sin(x[i]) + 0.3 * r.nextGaussian();
        }
        double[] interp = Loess.fit(x, y, 0.3, 2);
        double[] direct = Loess.fitDirect(x, y, 0.3, 2);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(interp[i] - direct[i]));
        }
        // The vertex spacing (n * span * 0.2 points per cell) bounds the Hermite error well below the noise.
        assertEquals(0, worst, 0.02);
    }
}
