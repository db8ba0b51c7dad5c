package org.cellbook.core.model.classifiers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * L2-penalised logistic regression with scikit-learn's {@code LogisticRegression(penalty="l2",
 * solver="lbfgs")} objective: minimise {@code C * sum_i logloss_i + ||w||^2 / 2} with an
 * unpenalised intercept. Solved by damped Newton to machine precision instead of lbfgs (same
 * minimiser; sklearn's result depends on its tol, ours does not). Deterministic; the seed is unused.
 * Hyperparameters: {@code C} (default 1.0), {@code max_iter} (Newton iterations, default 100),
 * {@code class_weight} (null, or "balanced": each sample weighted {@code n / (2 n_class)}, as in
 * sklearn, which multiplies its log-loss term). Balanced weights keep a leave-one-patient-out
 * refit from shifting its intercept against the held-out patient's class.
 */
public final class LogisticRegressionL2 implements Classifier {
    @Override
    public String family() {
        return "logreg";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("C", 1.0);
        d.put("max_iter", 100);
        d.put("class_weight", null);
        return d;
    }

    @Override
    public FittedClassifier fit(TrainingData data, Map<String, Object> params, long seed) {
        Params p = new Params(family(), defaults(), params);
        Object cw = p.raw("class_weight");
        if (cw != null && !"balanced".equals(cw)) {
            throw org.cellbook.core.BadInputException.parameter("logreg.class_weight", "got " + cw, "use null or \"balanced\"");
        }
        double[] weights = cw == null ? null : balancedWeights(data.y());
        LinearModel m = solve(data.x(), data.y(), weights, p.positive("C"), p.integer("max_iter"));
        return x -> {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = LinearModel.sigmoid(m.decision(x[i]));
            }
            return out;
        };
    }

    /** sklearn's compute_class_weight("balanced") per sample: n / (2 * count of the sample's class). */
    static double[] balancedWeights(int[] y) {
        long pos = java.util.Arrays.stream(y).filter(v -> v == 1).count();
        long[] count = {y.length - pos, pos};
        double[] w = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            w[i] = (double) y.length / (2.0 * count[y[i]]);
        }
        return w;
    }

    /** The coefficients and intercept minimising the objective above, without sample weights. */
    public static LinearModel solve(double[][] x, int[] y, double c, int maxIter) {
        return solve(x, y, null, c, maxIter);
    }

    /** The same with per-sample weights on the log-loss terms (null = all 1). */
    public static LinearModel solve(double[][] x, int[] y, double[] sw, double c, int maxIter) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        double invC = 1 / c;
        NewtonSolver.Objective f = new NewtonSolver.Objective() {
            @Override
            public double value(double[] w) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double z = z(w, x[i], p);
                    s += (sw == null ? 1 : sw[i]) * (LinearModel.log1pExp(z) - y[i] * z);
                }
                return s + 0.5 * invC * penalty(w, p);
            }

            @Override
            public double derivatives(double[] w, double[] g, double[][] h) {
                java.util.Arrays.fill(g, 0);
                for (double[] r : h) {
                    java.util.Arrays.fill(r, 0);
                }
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double[] xi = x[i];
                    double z = z(w, xi, p);
                    double wi = sw == null ? 1 : sw[i];
                    s += wi * (LinearModel.log1pExp(z) - y[i] * z);
                    double pr = LinearModel.sigmoid(z);
                    double r = wi * (pr - y[i]);
                    for (int j = 0; j < p; j++) {
                        g[j] += r * xi[j];
                    }
                    g[p] += r;
                    LinearModel.addOuterUpper(h, xi, wi * pr * (1 - pr));
                }
                for (int j = 0; j < p; j++) {
                    g[j] += invC * w[j];
                    h[j][j] += invC;
                }
                return s + 0.5 * invC * penalty(w, p);
            }
        };
        double[] w = NewtonSolver.minimize(f, p + 1, maxIter, 1e-12 * Math.max(1, n));
        return new LinearModel(java.util.Arrays.copyOf(w, p), w[p]);
    }

    static double z(double[] w, double[] xi, int p) {
        double z = w[p];
        for (int j = 0; j < p; j++) {
            z += w[j] * xi[j];
        }
        return z;
    }

    static double penalty(double[] w, int p) {
        double s = 0;
        for (int j = 0; j < p; j++) {
            s += w[j] * w[j];
        }
        return s;
    }
}
