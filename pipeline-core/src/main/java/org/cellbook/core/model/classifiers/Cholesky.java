package org.cellbook.core.model.classifiers;

/** Solves H x = b for a symmetric positive-definite H given by its upper triangle. */
final class Cholesky {
    private Cholesky() {
    }

    static double[] solve(double[][] hUpper, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        double jitter = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            if (factor(hUpper, l, jitter)) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = b[i];
                    for (int k = 0; k < i; k++) {
                        s -= l[i][k] * y[k];
                    }
                    y[i] = s / l[i][i];
                }
                double[] x = new double[n];
                for (int i = n - 1; i >= 0; i--) {
                    double s = y[i];
                    for (int k = i + 1; k < n; k++) {
                        s -= l[k][i] * x[k];
                    }
                    x[i] = s / l[i][i];
                }
                return x;
            }
            // Only reached for (numerically) singular Hessians, e.g. separable data with huge C.
            jitter = jitter == 0 ? 1e-12 * maxDiag(hUpper) : jitter * 10;
        }
        throw new ArithmeticException("Hessian is not positive definite");
    }

    private static double maxDiag(double[][] h) {
        double m = 1e-300;
        for (int i = 0; i < h.length; i++) {
            m = Math.max(m, Math.abs(h[i][i]));
        }
        return m;
    }

    private static boolean factor(double[][] h, double[][] l, double jitter) {
        int n = h.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[j][i] + (i == j ? jitter : 0); // upper triangle: h[min][max]
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return true;
    }
}
