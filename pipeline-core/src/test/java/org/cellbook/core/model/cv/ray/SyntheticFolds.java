package org.cellbook.core.model.cv.ray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A small seeded cohort (patient-level labels with a planted signal) and a LOPO over it, for executor comparisons. */
final class SyntheticFolds {
    private SyntheticFolds() {
    }

    static FeatureSet featureSet(String name, int patients, int cellsPerPatient, int features, long seed) {
        Random rng = new Random(seed);
        int n = patients * cellsPerPatient;
        float[] x = new float[n * features];
        int[] labels = new int[n];
        int[] cells = new int[n];
        String[] pats = new String[n];
        for (int k = 0; k < patients; k++) {
            int label = k % 2;
            double[] offset = new double[features];
            for (int j = 0; j < features; j++) {
                offset[j] = rng.nextGaussian();
            }
            for (int c = 0; c < cellsPerPatient; c++) {
                int i = k * cellsPerPatient + c;
                labels[i] = label;
                cells[i] = i;
                pats[i] = "P" + (10 + k);
                for (int j = 0; j < features; j++) {
                    x[i * features + j] = (float) (rng.nextGaussian() + offset[j] + (j < 2 ? 1.5 * (label - 0.5) : 0));
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("f" + j);
        }
        return new FeatureSet(name, new DenseMatrix(n, features, x), names, cells, labels, pats, List.of(new StandardScaler()));
    }

    /** Two feature sets (scaled and unscaled), logistic regression and a random forest. */
    static NestedLopo lopo() {
        FeatureSet a = featureSet("scaled", 6, 30, 6, 7);
        FeatureSet b = featureSet("raw", 6, 30, 6, 7).withTransforms("raw", List.of());
        List<ModelPlan> plans = List.of(
                new ModelPlan(ModelSpec.of("logreg"),
                        SearchSpace.grid(Map.of("C", ParamDistribution.Choice.of(0.1, 1.0)))),
                new ModelPlan(new ModelSpec("random_forest", "random_forest", Map.of("n_estimators", 8)),
                        SearchSpace.random(2, Map.of("max_depth", ParamDistribution.Choice.of(2, 4)))));
        return new NestedLopo(List.of(a, b), plans, "stratified_group_kfold", 2, 42);
    }

    /** Everything but the timing, bit for bit. */
    static void assertSameResults(List<FoldResult> expected, List<FoldResult> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            FoldResult e = expected.get(i);
            FoldResult a = actual.get(i);
            assertEquals(e.taskId(), a.taskId(), "results in task order");
            assertEquals(e.status(), a.status(), e.taskId());
            assertEquals(e.reason(), a.reason(), e.taskId());
            assertEquals(e.bestParams(), a.bestParams(), e.taskId());
            assertEquals(Double.doubleToRawLongBits(e.innerAuc()), Double.doubleToRawLongBits(a.innerAuc()), e.taskId());
            assertArrayEquals(bits(e.candidateAucs()), bits(a.candidateAucs()), e.taskId());
            assertArrayEquals(e.testRows(), a.testRows(), e.taskId());
            assertEquals(e.probaBits(), a.probaBits(), e.taskId() + " probabilities");
        }
    }

    private static long[] bits(double[] v) {
        return java.util.Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
