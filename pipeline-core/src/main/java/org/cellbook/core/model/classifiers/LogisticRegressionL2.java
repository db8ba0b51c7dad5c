package org.cellbook.core.model.classifiers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * L2-penalised logistic regression with scikit-learn's {@code LogisticRegression(penalty="l2",
 * solver="lbfgs")} objective: minimise {@code C * sum_i logloss_i + ||w||^2 / 2} with an
 * unpenalised intercept, fitted like sklearn by L-BFGS ({@link Lbfgs}). Hyperparameters: {@code C}
 * (default 1.0), {@code max_iter} (L-BFGS iterations, default 100, sklearn's), {@code tol}
 * (default 1e-4, sklearn's: stop once the largest gradient entry of sklearn's scaling of the
 * objective, the loss averaged over the sample weights, is at most {@code tol}),
 * {@code class_weight} (null, or "balanced":
 * each sample weighted {@code n / (2 n_class)}, as in sklearn, which multiplies its log-loss
 * term). Balanced weights keep a leave-one-patient-out refit from shifting its intercept against
 * the held-out patient's class. Deterministic; the seed is unused. {@link #solve} uses damped
 * Newton to machine precision instead (same minimiser, for comparisons at tight tolerance).
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
        d.put("tol", 1e-4);
        d.put("class_weight", null);
        return d;
    }

    @Override
    public FittedClassifier fit(TrainingData data, Map<String, Object> params, long seed) {
        return fitter(data).fit(params, seed);
    }

    /** Copies the training rows into one flat array once for all candidates. */
    @Override
    public DataFitter fitter(TrainingData data) {
        Rows rows = Rows.of(data.x());
        return (params, seed) -> {
            Params p = new Params(family(), defaults(), params);
            double[] cw = ClassWeights.parse("logreg", p.raw("class_weight"), data.y());
            double[] weights = cw == null ? null : ClassWeights.perSample(cw, data.y());
            double sumW = weights == null ? rows.n() : java.util.Arrays.stream(weights).sum();
            double tol = p.positive("tol");
            LinearModel m = solveLbfgs(rows, data.y(), weights, p.positive("C"), p.integer("max_iter"),
                    (g, iter) -> NewtonSolver.maxAbs(g) <= tol * sumW);
            return x -> {
                double[] out = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    out[i] = LinearModel.sigmoid(m.decision(x[i]));
                }
                return out;
            };
        };
    }

    /** The coefficients and intercept minimising the objective above to machine precision, without sample weights. */
    public static LinearModel solve(double[][] x, int[] y, double c, int maxIter) {
        return solve(x, y, null, c, maxIter);
    }

    /** The same with per-sample weights on the log-loss terms (null = all 1). */
    public static LinearModel solve(double[][] x, int[] y, double[] sw, double c, int maxIter) {
        double gradTol = 1e-12 * Math.max(1, x.length);
        return solve(Rows.of(x), y, sw, c, maxIter, (g, iter) -> NewtonSolver.maxAbs(g) <= gradTol);
    }

    static LinearModel solve(Rows x, int[] y, double[] sw, double c, int maxIter, NewtonSolver.Stop stop) {
        int n = x.n();
        int p = x.p();
        double invC = 1 / c;
        NewtonSolver.Objective f = new NewtonSolver.Objective() {
            @Override
            public double value(double[] w) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double z = x.z(w, i);
                    s += (sw == null ? 1 : sw[i]) * (LinearModel.log1pExp(z) - y[i] * z);
                }
                return s + 0.5 * invC * penalty(w, p);
            }

            @Override
            public double derivatives(double[] w, double[] g, double[] h) {
                java.util.Arrays.fill(g, 0);
                double s = 0;
                double[] hs = new double[4];
                for (int i = 0; i < n; i++) {
                    double z = x.z(w, i);
                    double wi = sw == null ? 1 : sw[i];
                    s += wi * (LinearModel.log1pExp(z) - y[i] * z);
                    double pr = LinearModel.sigmoid(z);
                    x.addScaled(g, i, wi * (pr - y[i]));
                    hs[i & 3] = wi * pr * (1 - pr);
                    if ((i & 3) == 3) {
                        x.addOuterUpper4(h, i - 3, i - 2, i - 1, i, hs[0], hs[1], hs[2], hs[3]);
                    }
                }
                for (int i = n & ~3; i < n; i++) {
                    x.addOuterUpper(h, i, hs[i & 3]);
                }
                int dim = p + 1;
                for (int j = 0; j < p; j++) {
                    g[j] += invC * w[j];
                    h[j * dim + j] += invC;
                }
                return s + 0.5 * invC * penalty(w, p);
            }
        };
        double[] w = NewtonSolver.minimize(f, p + 1, maxIter, stop);
        return new LinearModel(java.util.Arrays.copyOf(w, p), w[p]);
    }

    /** The objective above by L-BFGS (sklearn's solver), stopping by {@code stop}; the fit path. */
    static LinearModel solveLbfgs(Rows x, int[] y, double[] sw, double c, int maxIter, NewtonSolver.Stop stop) {
        int n = x.n();
        int p = x.p();
        double invC = 1 / c;
        double[] r = new double[4];
        Lbfgs.Function f = (w, g) -> {
            java.util.Arrays.fill(g, 0);
            double s = 0;
            // Rows in blocks of four: g is loaded and stored once per block (addScaled4 adds the
            // rows one after another per entry, so every sum is the same as row by row), and one
            // exp per row serves both the loss and the sigmoid (the values are
            // LinearModel.log1pExp's and sigmoid's bit for bit: both take exp(-|z|)).
            for (int i = 0; i < n; i++) {
                double z = x.z(w, i);
                double wi = sw == null ? 1 : sw[i];
                double e = Math.exp(-Math.abs(z));
                double log1pExp = z > 0 ? z + Math.log(1 + e) : Math.log(1 + e);
                double sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                s += wi * (log1pExp - y[i] * z);
                r[i & 3] = wi * (sigmoid - y[i]);
                if ((i & 3) == 3) {
                    x.addScaled4(g, i - 3, r[0], r[1], r[2], r[3]);
                }
            }
            for (int i = n & ~3; i < n; i++) {
                x.addScaled(g, i, r[i & 3]);
            }
            for (int j = 0; j < p; j++) {
                g[j] += invC * w[j];
            }
            return s + 0.5 * invC * penalty(w, p);
        };
        double[] w = Lbfgs.minimize(f, p + 1, maxIter, stop);
        return new LinearModel(java.util.Arrays.copyOf(w, p), w[p]);
    }

    static double penalty(double[] w, int p) {
        double s = 0;
        for (int j = 0; j < p; j++) {
            s += w[j] * w[j];
        }
        return s;
    }
}
