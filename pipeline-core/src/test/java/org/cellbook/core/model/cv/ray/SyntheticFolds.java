package org.cellbook.core.model.cv.ray;

import java.util.List;
import java.util.Map;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.cellbook.core.synth.SyntheticFeatureSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A LOPO over a small seeded cohort ({@link SyntheticFeatureSet}), for executor comparisons. */
final class SyntheticFolds {
    private SyntheticFolds() {
    }

    /** Two feature sets (scaled and unscaled), logistic regression and a random forest. */
    static NestedLopo lopo() {
        FeatureSet a = SyntheticFeatureSet.of("scaled", 7, 6, 30, 6, 2, 1.5);
        FeatureSet b = SyntheticFeatureSet.of("raw", 7, 6, 30, 6, 2, 1.5).withTransforms("raw", List.of());
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
