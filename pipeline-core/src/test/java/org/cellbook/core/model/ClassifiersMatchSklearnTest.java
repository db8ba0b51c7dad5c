package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.classifiers.Classifiers;
import org.cellbook.core.model.classifiers.FittedClassifier;
import org.cellbook.core.model.classifiers.LinearModel;
import org.cellbook.core.model.classifiers.LogisticRegressionL2;
import org.cellbook.core.model.classifiers.RandomForestHist;
import org.cellbook.core.model.classifiers.TrainingData;
import org.cellbook.core.model.metrics.BinaryMetrics;
import org.cellbook.core.model.split.Groups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logistic regression coefficients and random-forest ROC-AUC against scikit-learn on the same rows. */
class ClassifiersMatchSklearnTest {
    private static final String SCRIPT = """
            import sys, numpy as np
            from sklearn.linear_model import LogisticRegression
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.metrics import roc_auc_score
            d, task = sys.argv[1], sys.argv[2]
            x = np.load(d + "/x.npy").astype(np.float64); y = np.load(d + "/y.npy"); g = np.load(d + "/g.npy")
            train, test = g <= 105, g > 105
            if task == "logreg":
                for c in [0.01, 1.0, 100.0]:
                    m = LogisticRegression(C=c, solver="lbfgs", tol=1e-10, max_iter=100000).fit(x[train], y[train])
                    np.save(f"{d}/coef_{c}.npy", np.r_[m.coef_.ravel(), m.intercept_])
                m = LogisticRegression(C=0.5, class_weight="balanced", tol=1e-10, max_iter=100000).fit(x[train], y[train])
                np.save(f"{d}/coef_balanced.npy", np.r_[m.coef_.ravel(), m.intercept_])
            else:
                aucs = []
                for seed in range(5):
                    m = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1).fit(x[train], y[train])
                    aucs.append(roc_auc_score(y[test], m.predict_proba(x[test])[:, 1]))
                np.save(d + "/rf_auc.npy", np.array(aucs))
            """;

    private record Data(double[][] x, int[] y, int[] g) {
        double[][] rows(boolean train) {
            return java.util.stream.IntStream.range(0, y.length).filter(i -> (g[i] <= 105) == train).mapToObj(i -> x[i]).toArray(double[][]::new);
        }

        int[] labels(boolean train) {
            return java.util.stream.IntStream.range(0, y.length).filter(i -> (g[i] <= 105) == train).map(i -> y[i]).toArray();
        }
    }

    private static Data data(Path dir, String task) {
        Cohort c = Cohort.cellLabels(dir, 11, 7, 20);
        PythonEnv.project().runScript(SCRIPT, dir.toString(), task).orThrow("sklearn " + task);
        double[][] x = new double[c.y().length][];
        for (int i = 0; i < x.length; i++) {
            float[] r = c.x().row(i);
            x[i] = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                x[i][j] = r[j];
            }
        }
        return new Data(x, c.y(), c.patientIds());
    }

    @Test
    void logisticRegressionCoefficientsAgreeWithLbfgsAtTightTolerance(@TempDir Path dir) {
        Data d = data(dir, "logreg");
        for (double c : new double[] {0.01, 1.0, 100.0}) {
            double[] expected = Npy.read(dir.resolve("coef_" + c + ".npy")).asDoubles();
            LinearModel m = LogisticRegressionL2.solve(d.rows(true), d.labels(true), c, 100);
            for (int j = 0; j < m.coef().length; j++) {
                assertEquals(expected[j], m.coef()[j], 1e-4, "C=" + c + " coef " + j);
            }
            assertEquals(expected[expected.length - 1], m.intercept(), 1e-4, "C=" + c + " intercept");
        }
        double[] expected = Npy.read(dir.resolve("coef_balanced.npy")).asDoubles();
        double[][] xtr = d.rows(true);
        int[] ytr = d.labels(true);
        try (FittedClassifier f = new LogisticRegressionL2().fit(new TrainingData(xtr, ytr, Groups.ofInts(new int[ytr.length])),
                Map.of("C", 0.5, "class_weight", "balanced", "tol", 1e-10, "max_iter", 100000), 0)) {
            // Compare through the decision function: logit(p) = coef . x + intercept at unit vectors and 0.
            double[][] probes = new double[xtr[0].length + 1][xtr[0].length];
            for (int j = 0; j < xtr[0].length; j++) {
                probes[j + 1][j] = 1;
            }
            double[] p = f.predictProba(probes);
            double intercept = Math.log(p[0] / (1 - p[0]));
            assertEquals(expected[expected.length - 1], intercept, 1e-4, "balanced intercept");
            for (int j = 0; j < xtr[0].length; j++) {
                assertEquals(expected[j], Math.log(p[j + 1] / (1 - p[j + 1])) - intercept, 1e-4, "balanced coef " + j);
            }
        }
    }

    @Test
    void randomForestAucIsWithinTwoHundredthsOfSklearnAveragedOverSeeds(@TempDir Path dir) throws Exception {
        Data d = data(dir, "rf");
        double[] sk = Npy.read(dir.resolve("rf_auc.npy")).asDoubles();
        double skMean = java.util.Arrays.stream(sk).average().orElseThrow();
        double[][] xtr = d.rows(true);
        int[] ytr = d.labels(true);
        double sum = 0;
        for (int seed = 0; seed < sk.length; seed++) {
            try (FittedClassifier f = new RandomForestHist().fit(new TrainingData(xtr, ytr, Groups.ofInts(new int[ytr.length])),
                    Map.of("n_estimators", 100), seed)) {
                sum += BinaryMetrics.rocAuc(d.labels(false), f.predictProba(d.rows(false)));
            }
        }
        double javaMean = sum / sk.length;
        System.out.println("random forest mean held-out AUC over " + sk.length + " seeds: sklearn " + skMean + ", Java " + javaMean);
        assertTrue(skMean > 0.6 && skMean < 0.99, "the case separates the models: sklearn AUC " + skMean);
        assertEquals(skMean, javaMean, 0.02, "histogram RF vs sklearn RF mean AUC");
        assertTrue(Files.exists(dir.resolve("rf_auc.npy")));
    }

    @Test
    void balancedRandomForestRemovesTheTrainingPrior() {
        // Uninformative features, 80% positives: the plain forest predicts about the prior, the
        // balanced one about 0.5 (sklearn's class_weight="balanced" does the same).
        java.util.Random r = new java.util.Random(1);
        int n = 400;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = i < 0.8 * n ? 1 : 0;
        }
        TrainingData t = new TrainingData(x, y, Groups.ofInts(new int[n]));
        double[][] test = new double[200][3];
        for (double[] row : test) {
            for (int j = 0; j < 3; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double plain;
        double balanced;
        try (FittedClassifier f = new RandomForestHist().fit(t, Map.of("n_estimators", 50, "max_depth", 3), 7)) {
            plain = java.util.Arrays.stream(f.predictProba(test)).average().orElseThrow();
        }
        try (FittedClassifier f = new RandomForestHist().fit(t, Map.of("n_estimators", 50, "max_depth", 3, "class_weight", "balanced"), 7)) {
            balanced = java.util.Arrays.stream(f.predictProba(test)).average().orElseThrow();
        }
        assertTrue(plain > 0.65, "unbalanced forest follows the 80% prior: " + plain);
        assertEquals(0.5, balanced, 0.1, "balanced forest: mean probability");
    }

    @Test
    void badRandomForestClassWeightIsRejected() {
        TrainingData t = new TrainingData(new double[][] {{0}, {1}}, new int[] {0, 1}, Groups.ofInts(new int[] {1, 2}));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new RandomForestHist().fit(t, Map.of("class_weight", "heavy"), 0));
        assertEquals("parameter 'random_forest.class_weight'", e.where());
    }

    @Test
    void unknownFamilyIsRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> Classifiers.byFamily("deep_forest"));
        assertEquals("parameter 'model family'", e.where());
    }

    @Test
    void unknownHyperparameterIsRejected() {
        TrainingData t = new TrainingData(new double[][] {{0}, {1}}, new int[] {0, 1}, Groups.ofInts(new int[] {1, 2}));
        BadInputException e = assertThrows(BadInputException.class, () -> new LogisticRegressionL2().fit(t, Map.of("alpha", 1.0), 0));
        assertEquals("parameter 'logreg.alpha'", e.where());
    }

    @Test
    void nonPositiveRegularisationIsRejected() {
        TrainingData t = new TrainingData(new double[][] {{0}, {1}}, new int[] {0, 1}, Groups.ofInts(new int[] {1, 2}));
        assertThrows(BadInputException.class, () -> Classifiers.byFamily("linear_svm").fit(t, Map.of("C", 0.0), 0));
    }

    @Test
    void badMaxFeaturesIsRejected() {
        TrainingData t = new TrainingData(new double[][] {{0}, {1}}, new int[] {0, 1}, Groups.ofInts(new int[] {1, 2}));
        assertThrows(BadInputException.class, () -> new RandomForestHist().fit(t, Map.of("max_features", "all"), 0));
    }
}
