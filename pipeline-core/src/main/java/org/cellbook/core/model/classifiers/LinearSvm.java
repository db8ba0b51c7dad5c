package org.cellbook.core.model.classifiers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear SVM with scikit-learn's {@code LinearSVC()} (liblinear) primal objective: squared hinge
 * loss, L2 penalty {@code ||w||^2 / 2 + C * sum_i max(0, 1 - s_i z_i)^2} where, as in liblinear
 * with intercept_scaling=1, the intercept is penalised too. sklearn's default for more samples
 * than features ({@code dual="auto"}) solves this primal with liblinear's trust-region Newton;
 * here L-BFGS ({@link Lbfgs}) minimises the same objective with liblinear's primal stopping rule:
 * gradient norm at most {@code tol * max(min(n_pos, n_neg), 1) / n} times the gradient norm at
 * w = 0. {@code max_iter} counts L-BFGS iterations (default 1000, sklearn's).
 *
 * <p><b>Probabilities</b> (LinearSVC has none): Platt scaling, a one-feature logistic regression
 * of the labels on the training decision values ({@code C = 1e4}, i.e. nearly unpenalised).
 * sklearn's {@code CalibratedClassifierCV(method="sigmoid")} would fit the sigmoid on held-out
 * folds instead; the ranking, and so ROC-AUC, is the decision function's either way.
 * Hyperparameters: {@code C} (default 1.0), {@code max_iter} (default 1000), {@code tol} (default
 * 1e-4, sklearn's). The seed is unused. {@link #solve} iterates to machine precision by
 * generalised Newton instead.
 */
public final class LinearSvm implements Classifier {
    @Override
    public String family() {
        return "linear_svm";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("C", 1.0);
        d.put("max_iter", 1000);
        d.put("tol", 1e-4);
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
        int[] y = data.y();
        long pos = Arrays.stream(y).filter(v -> v == 1).count();
        double rel = Math.max(Math.min(pos, y.length - pos), 1) / (double) Math.max(1, y.length);
        return (params, seed) -> {
            Params p = new Params(family(), defaults(), params);
            double eps = p.positive("tol") * rel;
            double[] g0 = new double[1];
            LinearModel svm = solveLbfgs(rows, y, p.positive("C"), p.integer("max_iter"), (g, iter) -> {
                double norm = NewtonSolver.norm2(g);
                if (iter == 0) {
                    g0[0] = norm;
                }
                return norm <= eps * g0[0];
            });
            double[] w = svm.coefAndIntercept();
            double[][] z = new double[rows.n()][1];
            for (int i = 0; i < z.length; i++) {
                z[i][0] = rows.z(w, i);
            }
            LinearModel platt = LogisticRegressionL2.solve(z, y, 1e4, 100);
            return x -> {
                double[] out = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    out[i] = LinearModel.sigmoid(platt.coef()[0] * svm.decision(x[i]) + platt.intercept());
                }
                return out;
            };
        };
    }

    /** The minimiser of the objective above to machine precision. */
    public static LinearModel solve(double[][] x, int[] y, double c, int maxIter) {
        double gradTol = 1e-12 * Math.max(1, x.length);
        return solve(Rows.of(x), y, c, maxIter, (g, iter) -> NewtonSolver.maxAbs(g) <= gradTol);
    }

    static LinearModel solve(Rows x, int[] y, double c, int maxIter, NewtonSolver.Stop stop) {
        int n = x.n();
        int p = x.p();
        double invC = 1 / c;
        NewtonSolver.Objective f = new NewtonSolver.Objective() {
            @Override
            public double value(double[] w) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double m = 1 - sign(y[i]) * x.z(w, i);
                    if (m > 0) {
                        s += m * m;
                    }
                }
                return s + 0.5 * invC * (LogisticRegressionL2.penalty(w, p) + w[p] * w[p]);
            }

            @Override
            public double derivatives(double[] w, double[] g, double[] h) {
                Arrays.fill(g, 0);
                double s = 0;
                int[] active = new int[4];
                int nActive = 0;
                for (int i = 0; i < n; i++) {
                    double si = sign(y[i]);
                    double m = 1 - si * x.z(w, i);
                    if (m > 0) {
                        s += m * m;
                        x.addScaled(g, i, -2 * si * m);
                        active[nActive++] = i;
                        if (nActive == 4) {
                            x.addOuterUpper4(h, active[0], active[1], active[2], active[3], 2, 2, 2, 2);
                            nActive = 0;
                        }
                    }
                }
                for (int k = 0; k < nActive; k++) {
                    x.addOuterUpper(h, active[k], 2);
                }
                int dim = p + 1;
                for (int j = 0; j <= p; j++) {
                    g[j] += invC * w[j];
                    h[j * dim + j] += invC;
                }
                return s + 0.5 * invC * (LogisticRegressionL2.penalty(w, p) + w[p] * w[p]);
            }
        };
        double[] w = NewtonSolver.minimize(f, p + 1, maxIter, stop);
        return new LinearModel(Arrays.copyOf(w, p), w[p]);
    }

    /**
     * The objective above by L-BFGS, stopping by {@code stop}: the fit path. The squared hinge has
     * a continuous gradient, which is all L-BFGS needs, and each iteration costs one or two data
     * passes instead of a Newton Hessian.
     */
    static LinearModel solveLbfgs(Rows x, int[] y, double c, int maxIter, NewtonSolver.Stop stop) {
        int n = x.n();
        int p = x.p();
        double invC = 1 / c;
        Lbfgs.Function f = (w, g) -> {
            Arrays.fill(g, 0);
            double s = 0;
            for (int i = 0; i < n; i++) {
                double si = sign(y[i]);
                double m = 1 - si * x.z(w, i);
                if (m > 0) {
                    s += m * m;
                    x.addScaled(g, i, -2 * si * m);
                }
            }
            for (int j = 0; j <= p; j++) {
                g[j] += invC * w[j];
            }
            return s + 0.5 * invC * (LogisticRegressionL2.penalty(w, p) + w[p] * w[p]);
        };
        double[] w = Lbfgs.minimize(f, p + 1, maxIter, stop);
        return new LinearModel(Arrays.copyOf(w, p), w[p]);
    }

    private static double sign(int y) {
        return y == 1 ? 1 : -1;
    }
}
