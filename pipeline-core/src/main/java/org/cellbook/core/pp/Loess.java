package org.cellbook.core.pp;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One-predictor LOESS (Cleveland's {@code loess}, as wrapped by scikit-misc and used by
 * scanpy's seurat_v3 HVG flavor): family gaussian, no robustness iterations, local polynomial of
 * the given degree fitted by weighted least squares over the {@code q = floor(n * span)} nearest
 * points with tricube weights {@code (1 - (d / h)^3)^3}, {@code h} = distance to the q-th nearest
 * point (times {@code span} when {@code span > 1}), the q-th point itself getting weight 0, as in
 * the netlib routine {@code ehg127}.
 *
 * <p><b>Deviation:</b> skmisc's default {@code surface="interpolate"} fits only at the vertices of
 * a k-d tree (cells of {@code n * span * 0.2} points) and interpolates with cubic Hermite
 * polynomials; this class evaluates the local fit directly at every point
 * ({@code surface="direct"}). The two differ by the interpolation error (far below the scatter of
 * the gene variances), which moves only genes at the HVG cut-off.
 */
final class Loess {
    private Loess() {
    }

    /** Fitted values at each x. x and y are equally long; x need not be sorted. */
    static double[] fit(double[] x, double[] y, double span, int degree) {
        int n = x.length;
        if (degree < 0 || degree > 2) {
            throw new IllegalArgumentException("degree must be 0, 1 or 2");
        }
        int q = (int) Math.min(n, Math.floor(n * span));
        if (q < degree + 1) {
            throw new IllegalArgumentException("span " + span + " leaves " + q + " points per fit for " + n
                    + " values; need at least " + (degree + 1));
        }
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> Double.compare(x[a], x[b]));
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[boxed[i]];
            ys[i] = y[boxed[i]];
        }
        double[] fitted = new double[n];
        IntStream.range(0, n).parallel().forEach(r -> fitted[boxed[r]] = fitAt(xs, ys, r, q, span, degree));
        return fitted;
    }

    /** Local fit at xs[r]: the q nearest points form a window around r in the sorted order. */
    private static double fitAt(double[] xs, double[] ys, int r, int q, double span, int degree) {
        double x0 = xs[r];
        int lo = r;
        int hi = r; // window [lo, hi] holds the points taken so far
        double h = 0;
        for (int taken = 1; taken < q; taken++) {
            double dl = lo > 0 ? x0 - xs[lo - 1] : Double.POSITIVE_INFINITY;
            double dr = hi < xs.length - 1 ? xs[hi + 1] - x0 : Double.POSITIVE_INFINITY;
            if (dl <= dr) {
                lo--;
                h = dl;
            } else {
                hi++;
                h = dr;
            }
        }
        h *= Math.max(1, span);
        // Points at distance exactly h outside the window also get weight 0, so the window suffices.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        for (int i = lo; i <= hi; i++) {
            double u = (xs[i] - x0) / h;
            double a = Math.abs(u);
            if (!(a < 1)) {
                continue;
            }
            double c = 1 - a * a * a;
            double w = c * c * c;
            double u2 = u * u;
            s0 += w;
            s1 += w * u;
            s2 += w * u2;
            s3 += w * u2 * u;
            s4 += w * u2 * u2;
            t0 += w * ys[i];
            t1 += w * u * ys[i];
            t2 += w * u2 * ys[i];
        }
        if (s0 == 0) {
            return Double.NaN;
        }
        return switch (degree) {
            case 0 -> t0 / s0;
            case 1 -> solve(new double[][] {{s0, s1}, {s1, s2}}, new double[] {t0, t1});
            default -> solve(new double[][] {{s0, s1, s2}, {s1, s2, s3}, {s2, s3, s4}}, new double[] {t0, t1, t2});
        };
    }

    /**
     * Intercept of the weighted least-squares fit from its normal equations, by Gaussian
     * elimination with partial pivoting; a (near-)singular system falls back to lower degree,
     * like loess's pseudo-inverse drops the vanishing direction.
     */
    private static double solve(double[][] a0, double[] b0) {
        int k = b0.length;
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int c = 0; c < k; c++) {
            int p = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            if (Math.abs(a[p][c]) <= scale * 1e-12) {
                return k > 1 ? solve(shrink(a0), Arrays.copyOf(b0, k - 1)) : Double.NaN;
            }
            double[] tr = a[c];
            a[c] = a[p];
            a[p] = tr;
            double tb = b[c];
            b[c] = b[p];
            b[p] = tb;
            for (int r = c + 1; r < k; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < k; j++) {
                    a[r][j] -= f * a[c][j];
                }
                b[r] -= f * b[c];
            }
        }
        double[] sol = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = b[r];
            for (int j = r + 1; j < k; j++) {
                s -= a[r][j] * sol[j];
            }
            sol[r] = s / a[r][r];
        }
        return sol[0];
    }

    private static double[][] shrink(double[][] a) {
        int k = a.length - 1;
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, out[i], 0, k);
        }
        return out;
    }
}
