package org.cellbook.core.model.cv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;

/**
 * Gets the fold-task code JIT-compiled before the real nested CV needs it, by running a small
 * synthetic nested CV (logistic regression and the histogram random forest, inner search, refit,
 * ROC-AUC) once. Meant for a background thread early in a run.
 *
 * <p>Why: in a fresh JVM, the C2 compiler spends about 3 CPU seconds on the fold-task code (about
 * 40% on top of the demo's 7 s of fold work). With one fold worker on a 2-core machine that runs on
 * the idle core for free; with two workers it takes a worker's core, which was most of the gap to
 * ideal 2-worker efficiency. Compiled early, while the run's first, mostly single-threaded steps
 * leave a core idle, it costs the fold loop nothing. The synthetic data has nothing to do with the
 * run's data and no result of it is kept.
 */
public final class FoldCodeWarmup {
    private FoldCodeWarmup() {
    }

    /**
     * Runs the synthetic nested CV {@code rounds} times (1-2 CPU seconds each) and returns the
     * last round's results (a skipped task would warm nothing, so tests check they are all ok).
     */
    public static List<FoldResult> run(int rounds) {
        NestedLopo cv = new NestedLopo(List.of(syntheticSet()), plans(), "stratified_group_kfold", 3, 0);
        List<FoldResult> last = List.of();
        for (int r = 0; r < rounds; r++) {
            last = FoldExecutor.sequential().run(cv.plan(), cv.data(), ProgressListener.NONE);
        }
        return last;
    }

    /**
     * 8 patients x 150 cells x 45 features (the demo's feature sets have 30-50). The JIT compiles
     * for the branches and loop shapes it has seen, and throws compiled code away (deoptimises)
     * when the real data take another branch; so the data take them all: a feature count that is
     * not a multiple of 4 (vectorised loops' remainders), a strong label signal (pure nodes) next to
     * weak ones, and features with few distinct values (exact bins, tied scores) next to continuous
     * ones.
     */
    private static FeatureSet syntheticSet() {
        SplittableRandom rng = new SplittableRandom(1);
        int patients = 8;
        int cellsPer = 150;
        int p = 45;
        int n = patients * cellsPer;
        float[] x = new float[n * p];
        int[] labels = new int[n];
        int[] cells = new int[n];
        String[] pats = new String[n];
        for (int i = 0; i < n; i++) {
            int k = i / cellsPer;
            labels[i] = k % 2;
            cells[i] = i;
            pats[i] = "W" + k;
            for (int j = 0; j < p; j++) {
                double g = rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5;
                double v = g + (j < 4 ? 0.6 * labels[i] : 0) + 0.2 * k;
                if (j == 4) {
                    v = labels[i] * 3 + (rng.nextInt(10) == 0 ? 1 : 0); // almost separates the classes
                } else if (j >= 5 && j < 12) {
                    v = rng.nextInt(2 + j) + (j < 8 ? labels[i] : 0); // few distinct values
                }
                x[i * p + j] = (float) v;
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            names.add("f" + j);
        }
        return new FeatureSet("warmup", new DenseMatrix(n, p, x), names, cells, labels, pats, List.of(new StandardScaler()));
    }

    private static List<ModelPlan> plans() {
        Map<String, ParamDistribution> logreg = new LinkedHashMap<>();
        logreg.put("C", new ParamDistribution.Choice(List.<Object>of(0.01, 0.1, 1.0)));
        logreg.put("class_weight", new ParamDistribution.Choice(List.<Object>of("balanced")));
        Map<String, ParamDistribution> forest = new LinkedHashMap<>();
        forest.put("n_estimators", new ParamDistribution.Choice(List.<Object>of(20)));
        forest.put("max_depth", new ParamDistribution.Choice(List.<Object>of(4, 8)));
        forest.put("min_samples_leaf", new ParamDistribution.Choice(List.<Object>of(1, 5)));
        forest.put("class_weight", new ParamDistribution.Choice(List.<Object>of("balanced")));
        return List.of(new ModelPlan(new ModelSpec("logreg", "logreg", Map.of()), SearchSpace.grid(logreg)),
                new ModelPlan(new ModelSpec("random_forest", "random_forest", Map.of()), SearchSpace.random(2, forest)));
    }
}
