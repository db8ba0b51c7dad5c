package org.cellbook.core.model.classifiers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.split.Groups;
import org.junit.jupiter.api.Test;

/** The histogram forest's binning, determinism and sklearn tree rules (AUC vs sklearn: ClassifiersMatchSklearnTest). */
class RandomForestHistTest {
    private static TrainingData data(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = x[i][0] + 0.5 * x[i][1] * x[i][2] + r.nextGaussian() > 0 ? 1 : 0;
        }
        return new TrainingData(x, y, Groups.ofInts(new int[n]));
    }

    @Test
    void fewDistinctValuesGetOneBinEachCutAtMidpoints() {
        double[][] x = {{3}, {1}, {2}, {1}, {3}};
        FeatureBins b = FeatureBins.of(x);
        assertArrayEquals(new double[] {1.5, 2.5}, b.cuts[0]);
        assertArrayEquals(new byte[] {2, 0, 1, 0, 2}, b.codes);
        assertEquals(2.5, b.threshold(0, 1, 2));
        assertEquals(1.5, b.threshold(0, 0, 1));
    }

    @Test
    void manyDistinctValuesGetAtMostMaxBinsInValueOrder() {
        double[][] x = data(5000, 3, 3).x();
        FeatureBins b = FeatureBins.of(x);
        assertTrue(b.bins(0) <= FeatureBins.MAX_BINS && b.bins(0) > 200, "bins: " + b.bins(0));
        for (int i = 0; i < x.length; i++) {
            int code = b.codes[i] & 0xFF;
            assertTrue(code == 0 || x[i][0] > b.cuts[0][code - 1], "above the lower edge");
            assertTrue(code == b.cuts[0].length || x[i][0] <= b.cuts[0][code], "at most the upper edge");
        }
    }

    @Test
    void sameSeedSameBitsAndTheFitterMatchesFit() {
        TrainingData t = data(600, 12, 1);
        Map<String, Object> params = Map.of("n_estimators", 20, "max_depth", 6, "min_samples_leaf", 3, "class_weight", "balanced");
        RandomForestHist rf = new RandomForestHist();
        double[] a = rf.fit(t, params, 42).predictProba(t.x());
        double[] b = rf.fit(t, params, 42).predictProba(t.x());
        double[] c;
        try (DataFitter f = rf.fitter(t)) {
            f.fit(Map.of("n_estimators", 5), 1); // another candidate first must not change the next one
            c = f.fit(params, 42).predictProba(t.x());
        }
        double[] other = rf.fit(t, params, 43).predictProba(t.x());
        assertArrayEquals(a, b);
        assertArrayEquals(a, c);
        assertFalse(Arrays.equals(a, other), "another seed gives another forest");
    }

    @Test
    void unlimitedDepthFitsTheBootstrapAndOneLeafPerTreeGivesTheWeightedPrior() {
        TrainingData t = data(300, 5, 2);
        // Pure leaves: every training row is in-bag for most trees, so the forest ranks the training set almost perfectly.
        double[] p = new RandomForestHist().fit(t, Map.of("n_estimators", 30, "max_features", 1.0), 5).predictProba(t.x());
        assertTrue(org.cellbook.core.model.metrics.BinaryMetrics.rocAuc(t.y(), p) > 0.97);
        // max_depth 0: each tree is its root, whose balanced class-1 fraction is exactly 0.5.
        double[] root = new RandomForestHist().fit(t, Map.of("n_estimators", 7, "max_depth", 0, "class_weight", "balanced"), 5)
                .predictProba(t.x());
        for (double v : root) {
            assertEquals(0.5, v, 0.05);
        }
    }

    @Test
    void minSamplesLeafLimitsLeaves() {
        TrainingData t = data(200, 4, 4);
        // A leaf of at least 100 distinct rows out of about 126 in-bag rows: no split is possible.
        double[] p = new RandomForestHist().fit(t, Map.of("n_estimators", 3, "min_samples_leaf", 100), 0).predictProba(t.x());
        assertEquals(1, Arrays.stream(p).distinct().count(), "one leaf per tree: a constant prediction");
    }

    @Test
    void zeroTreesAreRejected() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new RandomForestHist().fit(data(20, 3, 0), Map.of("n_estimators", 0), 0));
        assertEquals("parameter 'random_forest.n_estimators'", e.where());
    }
}
