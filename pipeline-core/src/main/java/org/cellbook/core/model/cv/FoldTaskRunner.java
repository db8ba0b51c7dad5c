package org.cellbook.core.model.cv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.classifiers.Classifier;
import org.cellbook.core.model.classifiers.Classifiers;
import org.cellbook.core.model.classifiers.ColumnOrder;
import org.cellbook.core.model.classifiers.DataFitter;
import org.cellbook.core.model.classifiers.FittedClassifier;
import org.cellbook.core.model.classifiers.TrainingData;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.metrics.BinaryMetrics;
import org.cellbook.core.model.split.GroupKFold;
import org.cellbook.core.model.split.GroupSplitter;
import org.cellbook.core.model.split.Groups;
import org.cellbook.core.model.split.Split;
import org.cellbook.core.model.split.StratifiedGroupKFold;

/**
 * Runs one fold task: inner group-aware CV over the outer training rows for every search
 * candidate (mean inner ROC-AUC, like sklearn's GridSearchCV/RandomizedSearchCV with
 * {@code scoring="roc_auc"}), refit of the best candidate on all outer training rows, and
 * probabilities for the held-out rows. Fold transforms are fitted on each training part only.
 *
 * <p>Undefined cases are recorded, not crashed on: an outer training part with one class or too
 * few patients for the inner splitter skips the task with a reason; an inner split whose training
 * part has one class makes that candidate's score NaN, and it ranks last (sklearn's
 * {@code error_score=nan}); if no candidate has a defined score the task is skipped. Ties in mean
 * score go to the first candidate (sklearn's rank_test_score with method "min", then argmin).
 *
 * <p><b>Deviation from sklearn</b>, for patient-level labels: an inner test part holding only
 * patients of one class has an undefined ROC-AUC. sklearn averages it in as NaN, so the
 * candidate's mean is NaN, and when that happens to every candidate it silently takes the first
 * one. Here the mean is over the inner parts where ROC-AUC is defined ({@code np.nanmean}); when
 * no part is defined, the score is the ROC-AUC of the inner out-of-fold predictions pooled, and
 * the result's reason says so.
 */
public final class FoldTaskRunner {
    private FoldTaskRunner() {
    }

    static FeatureSet featureSet(Map<String, FeatureSet> data, FoldTask task) {
        FeatureSet fs = data.get(task.featureSet());
        if (fs == null) {
            throw BadInputException.parameter("feature set", "task " + task.id() + " needs feature set '" + task.featureSet()
                    + "' but the executor got " + data.keySet(), "pass every feature set the tasks name");
        }
        return fs;
    }

    public static GroupSplitter innerSplitter(String name, int nSplits) {
        return switch (name) {
            case "stratified_group_kfold" -> new StratifiedGroupKFold(nSplits);
            case "group_kfold" -> new GroupKFold(nSplits);
            default -> throw BadInputException.parameter("inner splitter", "unknown splitter '" + name + "'",
                    "use stratified_group_kfold or group_kfold");
        };
    }

    public static FoldResult run(FoldTask task, FeatureSet fs) {
        long start = System.nanoTime();
        int[] train = task.trainRows();
        int[] yTrain = fs.labels(train);
        String oneClass = singleClass(yTrain);
        if (oneClass != null) {
            return FoldResult.skipped(task, "outer training part has only class " + oneClass, ms(start));
        }
        Groups innerGroups = fs.groups().subset(train);
        List<Split> inner;
        try {
            inner = innerSplitter(task.innerSplitter(), task.innerSplits()).split(yTrain, innerGroups);
        } catch (BadInputException e) {
            return FoldResult.skipped(task, "inner split impossible: " + e.getMessage(), ms(start));
        }
        Classifier model = Classifiers.byFamily(task.model().family());
        List<Map<String, Object>> candidates = task.search().candidates(task.searchSeed());

        // Binning families sort every training column; narrow the feature set's sorted raw columns
        // to the outer training part, then to each inner training part (only its rows: no inner
        // test row reaches an inner fit). A hint: FeatureBins checks it against the transformed values.
        ColumnOrder outerOrder = model.usesColumnOrder() ? fs.columnOrder().restrict(train) : null;
        // Split by split, every candidate on each (the transforms and a family's prepared data do not
        // depend on the candidate), so only one inner split's matrices are alive at a time: at the
        // reference size that is what the garbage collector copies. Every fit has its own seed and
        // the per-candidate sums run over the splits in order, as candidate by candidate did.
        int nc = candidates.size();
        List<Map<String, Object>> params = new ArrayList<>(nc);
        for (Map<String, Object> cand : candidates) {
            params.add(merge(task.model().fixedParams(), cand));
        }
        // A candidate whose inner training part has one class cannot be scored: that holds for all
        // candidates alike, since the splits do not depend on them.
        boolean trainable = true;
        for (Split s : inner) {
            trainable &= singleClass(fs.labels(pick(train, s.train()))) == null;
        }
        double[] sums = new double[nc];
        int[] defined = new int[nc];
        List<List<int[]>> oofLabels = new ArrayList<>(nc);
        List<List<double[]>> oofProba = new ArrayList<>(nc);
        for (int c = 0; c < nc; c++) {
            oofLabels.add(new ArrayList<>());
            oofProba.add(new ArrayList<>());
        }
        for (int s = 0; s < inner.size() && trainable; s++) {
            Split split = inner.get(s);
            int[] tr = pick(train, split.train());
            int[] te = pick(train, split.test());
            double[][][] data = fs.fitTransform(tr, te);
            int[] yte = fs.labels(te);
            ColumnOrder order = outerOrder == null ? null : outerOrder.restrict(split.train());
            try (DataFitter fitter = model.fitter(new TrainingData(data[0], fs.labels(tr), fs.groups().subset(tr), order))) {
                for (int c = 0; c < nc; c++) {
                    long seed = TaskSeeds.derive(task.seed(), "inner/" + s + "/" + c);
                    try (FittedClassifier f = fitter.fit(params.get(c), seed)) {
                        double[] proba = f.predictProba(data[1]);
                        double auc = BinaryMetrics.rocAuc(yte, proba);
                        oofLabels.get(c).add(yte);
                        oofProba.get(c).add(proba);
                        if (!Double.isNaN(auc)) {
                            sums[c] += auc;
                            defined[c]++;
                        }
                    }
                }
            }
        }
        double[] scores = new double[nc];
        boolean anyPooled = false;
        for (int c = 0; c < nc; c++) {
            if (!trainable) {
                scores[c] = Double.NaN;
            } else if (defined[c] > 0) {
                scores[c] = sums[c] / defined[c];
            } else {
                scores[c] = BinaryMetrics.rocAuc(concat(oofLabels.get(c)), concatD(oofProba.get(c)));
                anyPooled = true;
            }
        }
        int best = -1;
        for (int c = 0; c < scores.length; c++) {
            if (!Double.isNaN(scores[c]) && (best < 0 || scores[c] > scores[best])) {
                best = c;
            }
        }
        if (best < 0) {
            return FoldResult.skipped(task, "no candidate had a defined inner ROC-AUC (an inner training part had one class)", ms(start));
        }
        String note = anyPooled ? "inner score from pooled out-of-fold predictions: every inner test part had one class" : "";
        Map<String, Object> bestParams = params.get(best);
        double[][][] outer = fs.fitTransform(train, task.testRows());
        double[] proba;
        try (FittedClassifier f = model.fit(new TrainingData(outer[0], yTrain, innerGroups, outerOrder), bestParams,
                TaskSeeds.derive(task.seed(), "refit"))) {
            proba = f.predictProba(outer[1]);
        }
        return new FoldResult(task.id(), FoldResult.OK, note, bestParams, scores[best], scores, task.testRows(), proba, ms(start));
    }

    private static int[] concat(List<int[]> parts) {
        return parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    private static double[] concatD(List<double[]> parts) {
        return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    private static Map<String, Object> merge(Map<String, Object> fixed, Map<String, Object> candidate) {
        Map<String, Object> m = new LinkedHashMap<>(fixed);
        m.putAll(candidate);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The only class present, or null when both are. */
    private static String singleClass(int[] y) {
        boolean zero = false;
        boolean one = false;
        for (int v : y) {
            zero |= v == 0;
            one |= v == 1;
        }
        return zero && one ? null : zero ? "0" : one ? "1" : "(none: empty)";
    }

    private static int[] pick(int[] rows, int[] at) {
        int[] out = new int[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = rows[at[i]];
        }
        return out;
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
