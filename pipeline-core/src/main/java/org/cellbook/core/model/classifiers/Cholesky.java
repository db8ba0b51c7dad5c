package org.cellbook.core.model.classifiers;

/** Solves H x = b for a symmetric positive-definite H given by the upper triangle of a row-major array. */
final class Cholesky {
    private Cholesky() {
    }

    static double[] solve(double[] hUpper, double[] b) {
        int n = b.length;
        double[] l = new double[n * n]; // row-major lower factor
        double jitter = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            if (factor(hUpper, l, n, jitter)) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = b[i];
                    int li = i * n;
                    for (int k = 0; k < i; k++) {
                        s -= l[li + k] * y[k];
                    }
                    y[i] = s / l[li + i];
                }
                double[] x = new double[n];
                for (int i = n - 1; i >= 0; i--) {
                    double s = y[i];
                    for (int k = i + 1; k < n; k++) {
                        s -= l[k * n + i] * x[k];
                    }
                    x[i] = s / l[i * n + i];
                }
                return x;
            }
            // Only reached for (numerically) singular Hessians, e.g. separable data with huge C.
            jitter = jitter == 0 ? 1e-12 * maxDiag(hUpper, n) : jitter * 10;
        }
        throw new ArithmeticException("Hessian is not positive definite");
    }

    private static double maxDiag(double[] h, int n) {
        double m = 1e-300;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(h[i * n + i]));
        }
        return m;
    }

    private static boolean factor(double[] h, double[] l, int n, double jitter) {
        for (int i = 0; i < n; i++) {
            int li = i * n;
            for (int j = 0; j <= i; j++) {
                int lj = j * n;
                double s = h[j * n + i] + (i == j ? jitter : 0); // upper triangle: h[min][max]
                for (int k = 0; k < j; k++) {
                    s -= l[li + k] * l[lj + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    l[li + i] = Math.sqrt(s);
                } else {
                    l[li + j] = s / l[lj + j];
                }
            }
        }
        return true;
    }
}
