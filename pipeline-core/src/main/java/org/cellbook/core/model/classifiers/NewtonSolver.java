package org.cellbook.core.model.classifiers;

/**
 * Damped Newton's method for the smooth strictly convex objectives of the linear models. Newton
 * converges quadratically, so iterating until the step stops shrinking reaches the optimum to
 * machine precision in a few iterations for tens of features: that is what makes the
 * coefficients agree with scikit-learn's lbfgs at tol=1e-10 although the solver differs. With a
 * {@link Stop} rule it stops as early as scikit-learn's solver would at its default tolerance.
 * The cost per iteration is n p^2 / 2 for the Hessian, fine for up to a few hundred features.
 */
final class NewtonSolver {
    /** A twice-differentiable objective of the parameter vector. */
    interface Objective {
        double value(double[] w);

        /** Fills the gradient and the upper triangle (at least) of the row-major Hessian; returns the value. */
        double derivatives(double[] w, double[] grad, double[] hess);
    }

    /** Convergence test on the gradient at the current iterate (iteration 0 is the start, w = 0). */
    interface Stop {
        boolean converged(double[] grad, int iter);
    }

    private NewtonSolver() {
    }

    static double maxAbs(double[] g) {
        double m = 0;
        for (double v : g) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double norm2(double[] g) {
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** To machine precision: max |gradient| below {@code gradTol}, or no representable progress. */
    static double[] minimize(Objective f, int dim, int maxIter, double gradTol) {
        return minimize(f, dim, maxIter, (g, iter) -> maxAbs(g) <= gradTol);
    }

    static double[] minimize(Objective f, int dim, int maxIter, Stop stop) {
        double[] w = new double[dim];
        double[] g = new double[dim];
        double[] h = new double[dim * dim];
        double[] trial = new double[dim];
        for (int iter = 0; iter < maxIter; iter++) {
            java.util.Arrays.fill(h, 0);
            double fw = f.derivatives(w, g, h);
            if (stop.converged(g, iter)) {
                break;
            }
            double[] d = Cholesky.solve(h, g);
            double slope = 0;
            for (int j = 0; j < dim; j++) {
                d[j] = -d[j];
                slope += g[j] * d[j];
            }
            // -slope is the Newton decrement squared, twice the predicted decrease: once it is
            // below the rounding of f, no step can improve the objective.
            if (-slope <= 1e-15 * (1 + Math.abs(fw))) {
                break;
            }
            double t = 1;
            double ft = Double.NaN;
            for (int k = 0; k < 40; k++) {
                for (int j = 0; j < dim; j++) {
                    trial[j] = w[j] + t * d[j];
                }
                ft = f.value(trial);
                if (ft <= fw + 1e-4 * t * slope) {
                    break;
                }
                t /= 2;
            }
            if (!(ft <= fw)) {
                break; // no decrease representable in double: at the optimum to rounding
            }
            double stepMax = 0;
            for (int j = 0; j < dim; j++) {
                stepMax = Math.max(stepMax, Math.abs(trial[j] - w[j]) / Math.max(1, Math.abs(w[j])));
            }
            System.arraycopy(trial, 0, w, 0, dim);
            if (stepMax < 1e-15) {
                break;
            }
        }
        return w;
    }
}
