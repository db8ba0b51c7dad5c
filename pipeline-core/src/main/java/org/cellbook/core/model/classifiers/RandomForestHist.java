package org.cellbook.core.model.classifiers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cellbook.core.BadInputException;

/**
 * scikit-learn's {@code RandomForestClassifier} on binned features: {@code n_estimators} (100),
 * {@code max_depth} (null = unlimited), {@code max_features} ("sqrt", "log2", a fraction in
 * (0, 1] or an integer count), {@code min_samples_leaf} (1), {@code class_weight} (null or
 * "balanced"). As in sklearn: each tree is grown on a bootstrap sample of n draws with
 * replacement (the draw counts become row weights), splits minimise the weighted Gini impurity
 * over up to {@code max_features} features drawn per node, a tree's leaf gives its weighted class-1
 * fraction and the forest's probability is the mean over trees. {@code class_weight="balanced"}
 * multiplies each row's weight by {@code n / (2 n_class)} from the whole training set, so both the
 * splits and the leaf fractions are weighted exactly like sklearn's (no odds correction needed).
 *
 * <p>Deviation, for speed: each feature is cut once per training matrix into at most 256 bins
 * ({@link FeatureBins}) and a node's split is found from per-bin class-weight histograms instead
 * of sorting the node's values. A feature with at most 256 distinct values is split exactly where
 * sklearn could split it (thresholds at midpoints of consecutive training values); one with more
 * only at quantile bin edges. Thresholds are midpoints of the whole training set's neighbouring
 * values, not the node's. The random streams differ from numpy's, so the trees differ from
 * sklearn's for the same seed; ROC-AUC is held to sklearn's by a test.
 *
 * <p>Deterministic: tree {@code t} draws its bootstrap and features from the t-th split of a
 * {@link SplittableRandom} seeded with the fit seed; one thread per fit. {@link #fitter} bins the
 * training matrix once for all candidates of one inner split, and skips the per-column sort when
 * the data carry a valid {@link ColumnOrder} (same bins either way).
 */
public final class RandomForestHist implements Classifier {
    @Override
    public String family() {
        return "random_forest";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("n_estimators", 100);
        d.put("max_depth", null);
        d.put("max_features", "sqrt");
        d.put("min_samples_leaf", 1);
        d.put("class_weight", null);
        return d;
    }

    @Override
    public boolean usesColumnOrder() {
        return true;
    }

    @Override
    public FittedClassifier fit(TrainingData data, Map<String, Object> params, long seed) {
        return fit(data, FeatureBins.of(data.x(), data.order()), params, seed);
    }

    @Override
    public DataFitter fitter(TrainingData data) {
        FeatureBins bins = FeatureBins.of(data.x(), data.order());
        return (params, seed) -> fit(data, bins, params, seed);
    }

    private FittedClassifier fit(TrainingData data, FeatureBins bins, Map<String, Object> params, long seed) {
        Params p = new Params(family(), defaults(), params);
        int nTrees = p.integer("n_estimators");
        int depth = p.intOrNone("max_depth");
        int minLeaf = p.integer("min_samples_leaf");
        int mtry = mtry(p.raw("max_features"), data.nFeatures());
        double[] cw = classWeight(p.raw("class_weight"), data.y());
        if (nTrees < 1) {
            throw org.cellbook.core.BadInputException.parameter("random_forest.n_estimators", "got " + nTrees, "use at least 1");
        }
        int[] y = data.y();
        int n = y.length;
        if (n > HistTree.Grower.MAX_ROWS) {
            throw org.cellbook.core.BadInputException.parameter("random_forest", n + " training rows",
                    "use at most " + HistTree.Grower.MAX_ROWS + " rows (bootstrap counts are packed in 21 bits)");
        }
        HistTree[] trees = new HistTree[nTrees];
        HistTree.Grower grower = new HistTree.Grower(bins, depth, minLeaf, mtry);
        SplittableRandom root = new SplittableRandom(seed);
        int[] counts = new int[n];
        int[] rows = new int[n];
        long[] packed = new long[n];
        double cw0 = cw == null ? 1.0 : cw[0];
        double cw1 = cw == null ? 1.0 : cw[1];
        for (int t = 0; t < nTrees; t++) {
            SplittableRandom rng = root.split();
            java.util.Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                counts[rng.nextInt(n)]++;
            }
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (counts[i] > 0) {
                    rows[m++] = i;
                    packed[i] = HistTree.Grower.pack(counts[i], y[i]);
                }
            }
            trees[t] = grower.grow(rows, m, packed, cw0, cw1, rng);
        }
        return x -> {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double s = 0;
                for (HistTree tree : trees) {
                    s += tree.proba(x[i]);
                }
                out[i] = s / nTrees;
            }
            return out;
        };
    }

    /** Balanced class weights for classes 0 and 1, or null (none asked, or one class: nothing to balance). */
    static double[] classWeight(Object classWeight, int[] y) {
        double[] w = ClassWeights.parse("random_forest", classWeight, y);
        return w == null || Double.isInfinite(w[0]) || Double.isInfinite(w[1]) ? null : w;
    }

    static int mtry(Object maxFeatures, int p) {
        if (maxFeatures instanceof String s) {
            return switch (s) {
                case "sqrt" -> Math.max(1, (int) Math.sqrt(p));
                case "log2" -> Math.max(1, (int) (Math.log(p) / Math.log(2)));
                default -> throw BadInputException.parameter("random_forest.max_features", "unknown value '" + s + "'",
                        "use sqrt, log2, a fraction or a count");
            };
        }
        if (maxFeatures instanceof Integer i) {
            return Math.min(p, Math.max(1, i));
        }
        if (maxFeatures instanceof Number d && d.doubleValue() > 0 && d.doubleValue() <= 1) {
            return Math.max(1, (int) (d.doubleValue() * p)); // sklearn: max(1, int(max_features * n_features))
        }
        throw BadInputException.parameter("random_forest.max_features", "got " + maxFeatures, "use sqrt, log2, a fraction in (0, 1] or a count");
    }
}
