package org.cellbook.core.model.classifiers;

/**
 * Damped Newton's method for the smooth strictly convex objectives of the linear models. Newton
 * converges quadratically, so iterating until the step stops shrinking reaches the optimum to
 * machine precision in a few iterations for tens of features: that is what makes the
 * coefficients agree with scikit-learn's lbfgs at tol=1e-10 although the solver differs.
 * The cost per iteration is n p^2 / 2 for the Hessian, fine for up to a few hundred features.
 */
final class NewtonSolver {
    /** A twice-differentiable objective of the parameter vector. */
    interface Objective {
        double value(double[] w);

        /** Fills the gradient and the upper triangle (at least) of the Hessian; returns the value. */
        double derivatives(double[] w, double[] grad, double[][] hess);
    }

    private NewtonSolver() {
    }

    static double[] minimize(Objective f, int dim, int maxIter, double gradTol) {
        double[] w = new double[dim];
        double[] g = new double[dim];
        double[][] h = new double[dim][dim];
        double[] trial = new double[dim];
        for (int iter = 0; iter < maxIter; iter++) {
            double fw = f.derivatives(w, g, h);
            double gmax = 0;
            for (double v : g) {
                gmax = Math.max(gmax, Math.abs(v));
            }
            if (gmax <= gradTol) {
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
