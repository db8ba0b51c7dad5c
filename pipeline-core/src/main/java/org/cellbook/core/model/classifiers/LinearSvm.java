package org.cellbook.core.model.classifiers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear SVM with scikit-learn's {@code LinearSVC()} (liblinear) primal objective: squared hinge
 * loss, L2 penalty {@code ||w||^2 / 2 + C * sum_i max(0, 1 - s_i z_i)^2} where, as in liblinear
 * with intercept_scaling=1, the intercept is penalised too. Solved by generalised Newton.
 *
 * <p><b>Probabilities</b> (LinearSVC has none): Platt scaling, a one-feature logistic regression
 * of the labels on the training decision values ({@code C = 1e4}, i.e. nearly unpenalised).
 * sklearn's {@code CalibratedClassifierCV(method="sigmoid")} would fit the sigmoid on held-out
 * folds instead; the ranking, and so ROC-AUC, is the decision function's either way.
 * Hyperparameters: {@code C} (default 1.0), {@code max_iter} (default 100). The seed is unused.
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
        d.put("max_iter", 100);
        return d;
    }

    @Override
    public FittedClassifier fit(TrainingData data, Map<String, Object> params, long seed) {
        Params p = new Params(family(), defaults(), params);
        LinearModel svm = solve(data.x(), data.y(), p.positive("C"), p.integer("max_iter"));
        double[][] z = new double[data.x().length][1];
        for (int i = 0; i < z.length; i++) {
            z[i][0] = svm.decision(data.x()[i]);
        }
        LinearModel platt = LogisticRegressionL2.solve(z, data.y(), 1e4, 100);
        return x -> {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = LinearModel.sigmoid(platt.coef()[0] * svm.decision(x[i]) + platt.intercept());
            }
            return out;
        };
    }

    public static LinearModel solve(double[][] x, int[] y, double c, int maxIter) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        double invC = 1 / c;
        NewtonSolver.Objective f = new NewtonSolver.Objective() {
            @Override
            public double value(double[] w) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double m = 1 - sign(y[i]) * LogisticRegressionL2.z(w, x[i], p);
                    if (m > 0) {
                        s += m * m;
                    }
                }
                return s + 0.5 * invC * (LogisticRegressionL2.penalty(w, p) + w[p] * w[p]);
            }

            @Override
            public double derivatives(double[] w, double[] g, double[][] h) {
                Arrays.fill(g, 0);
                for (double[] r : h) {
                    Arrays.fill(r, 0);
                }
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double[] xi = x[i];
                    double si = sign(y[i]);
                    double m = 1 - si * LogisticRegressionL2.z(w, xi, p);
                    if (m > 0) {
                        s += m * m;
                        double r = -2 * si * m;
                        for (int j = 0; j < p; j++) {
                            g[j] += r * xi[j];
                        }
                        g[p] += r;
                        LinearModel.addOuterUpper(h, xi, 2);
                    }
                }
                for (int j = 0; j <= p; j++) {
                    g[j] += invC * w[j];
                    h[j][j] += invC;
                }
                return s + 0.5 * invC * (LogisticRegressionL2.penalty(w, p) + w[p] * w[p]);
            }
        };
        double[] w = NewtonSolver.minimize(f, p + 1, maxIter, 1e-12 * Math.max(1, n));
        return new LinearModel(Arrays.copyOf(w, p), w[p]);
    }

    private static double sign(int y) {
        return y == 1 ? 1 : -1;
    }
}
