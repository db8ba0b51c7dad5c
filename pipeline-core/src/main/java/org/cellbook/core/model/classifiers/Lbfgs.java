package org.cellbook.core.model.classifiers;

/**
 * Limited-memory BFGS (10 correction pairs, Armijo backtracking from the unit step) for smooth
 * convex objectives, as scikit-learn's {@code solver="lbfgs"} runs it through scipy: each
 * iteration costs one or two passes of {@code 2 n p} over the data instead of Newton's
 * {@code n p^2 / 2} Hessian, which is what wins at sklearn's default tolerance. Stops when
 * {@link NewtonSolver.Stop} says so, after {@code maxIter} iterations, or when the relative
 * decrease falls below scipy's {@code ftol = 64 * eps}.
 */
final class Lbfgs {
    /** Value and gradient in one pass. */
    interface Function {
        double valueAndGradient(double[] w, double[] grad);
    }

    private static final int MEMORY = 10;

    private Lbfgs() {
    }

    static double[] minimize(Function f, int dim, int maxIter, NewtonSolver.Stop stop) {
        double[] w = new double[dim];
        double[] g = new double[dim];
        double[] wNew = new double[dim];
        double[] gNew = new double[dim];
        double[] d = new double[dim];
        double[][] s = new double[MEMORY][dim];
        double[][] y = new double[MEMORY][dim];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double fw = f.valueAndGradient(w, g);
        for (int iter = 0; iter < maxIter; iter++) {
            if (stop.converged(g, iter)) {
                break;
            }
            // Two-loop recursion: d = -H g.
            System.arraycopy(g, 0, d, 0, dim);
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, MEMORY);
                alpha[i] = rho[i] * dot(s[i], d);
                axpy(-alpha[i], y[i], d);
            }
            double gamma = stored > 0 ? dot(s[newest], y[newest]) / dot(y[newest], y[newest]) : 1 / Math.max(1e-300, NewtonSolver.norm2(g));
            for (int j = 0; j < dim; j++) {
                d[j] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, MEMORY);
                double beta = rho[i] * dot(y[i], d);
                axpy(alpha[i] - beta, s[i], d);
            }
            double slope = 0;
            for (int j = 0; j < dim; j++) {
                d[j] = -d[j];
                slope += g[j] * d[j];
            }
            if (!(slope < 0)) { // not a descent direction: forget the history, go down the gradient
                stored = 0;
                double gn = Math.max(1e-300, NewtonSolver.norm2(g));
                slope = 0;
                for (int j = 0; j < dim; j++) {
                    d[j] = -g[j] / gn;
                    slope += g[j] * d[j];
                }
            }
            double t = 1;
            double fNew = Double.NaN;
            for (int k = 0; k < 50; k++) { // scipy's maxls
                for (int j = 0; j < dim; j++) {
                    wNew[j] = w[j] + t * d[j];
                }
                fNew = f.valueAndGradient(wNew, gNew);
                if (fNew <= fw + 1e-4 * t * slope) {
                    break;
                }
                t /= 2;
            }
            if (!(fNew <= fw)) {
                break; // no decrease representable in double
            }
            newest = (newest + 1) % MEMORY;
            double sy = 0;
            for (int j = 0; j < dim; j++) {
                s[newest][j] = wNew[j] - w[j];
                y[newest][j] = gNew[j] - g[j];
                sy += s[newest][j] * y[newest][j];
            }
            if (sy > 1e-300) {
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            } else {
                newest = Math.floorMod(newest - 1, MEMORY); // curvature too small: keep the old pairs
            }
            boolean flat = (fw - fNew) <= 64 * Math.ulp(1.0) * Math.max(Math.max(Math.abs(fw), Math.abs(fNew)), 1);
            double[] tmp = w;
            w = wNew;
            wNew = tmp;
            tmp = g;
            g = gNew;
            gNew = tmp;
            fw = fNew;
            if (flat) {
                break;
            }
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int j = 0; j < x.length; j++) {
            y[j] += a * x[j];
        }
    }
}
