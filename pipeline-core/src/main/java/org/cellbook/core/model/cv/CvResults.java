package org.cellbook.core.model.cv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.metrics.BinaryMetrics;
import org.cellbook.core.model.metrics.MetricSet;
import org.cellbook.core.model.metrics.PatientLevel;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tasks with their results, and the tidy tables made from them.
 *
 * <p>{@link #metrics()}: one row per (model, feature set, fold, level) with level "cell" or
 * "patient"; fold is the outer fold number or "pooled" (predictions of all non-skipped folds of
 * that model and feature set together). Patient level: a patient's probability is the mean of its
 * cells' probabilities, predicted positive when above 0.5. A LOPO fold holds one patient, so its
 * per-fold patient ROC-AUC (and a cell ROC-AUC when the patient's cells share one label) is NaN,
 * as sklearn's is; the pooled rows are the ones to read.
 */
public record CvResults(List<FoldTask> tasks, List<FoldResult> results, Map<String, FeatureSet> data) {
    public Table metrics() {
        StringColumn model = StringColumn.create("model");
        StringColumn featureSet = StringColumn.create("feature_set");
        StringColumn fold = StringColumn.create("fold");
        StringColumn patient = StringColumn.create("held_out_patient");
        StringColumn level = StringColumn.create("level");
        StringColumn status = StringColumn.create("status");
        StringColumn reason = StringColumn.create("reason");
        StringColumn params = StringColumn.create("params");
        DoubleColumn innerAuc = DoubleColumn.create("inner_roc_auc");
        IntColumn n = IntColumn.create("n");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        DoubleColumn prec = DoubleColumn.create("precision");
        DoubleColumn rec = DoubleColumn.create("recall");
        DoubleColumn f1 = DoubleColumn.create("f1");
        DoubleColumn auc = DoubleColumn.create("roc_auc");
        LongColumn tn = LongColumn.create("tn");
        LongColumn fp = LongColumn.create("fp");
        LongColumn fn = LongColumn.create("fn");
        LongColumn tp = LongColumn.create("tp");
        LongColumn time = LongColumn.create("fit_time_ms");
        Table t = Table.create("cv_results", model, featureSet, fold, patient, level, status, reason, params, innerAuc, n,
                acc, prec, rec, f1, auc, tn, fp, fn, tp, time);

        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            FoldTask task = tasks.get(i);
            byGroup.computeIfAbsent(task.model().name() + "\u0000" + task.featureSet(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> idx : byGroup.values()) {
            int pooledSize = 0;
            for (int i : idx) {
                pooledSize += results.get(i).ok() ? results.get(i).testRows().length : 0;
            }
            int[] rows = new int[pooledSize]; // primitive: a boxed list of every held-out cell was slow
            double[] proba = new double[pooledSize];
            int pooled = 0;
            long totalMs = 0;
            FoldTask first = tasks.get(idx.get(0));
            FeatureSet fs = data.get(first.featureSet());
            for (int i : idx) {
                FoldTask task = tasks.get(i);
                FoldResult r = results.get(i);
                totalMs += r.fitTimeMs();
                for (String lvl : List.of("cell", "patient")) {
                    model.append(task.model().name());
                    featureSet.append(task.featureSet());
                    fold.append(Integer.toString(task.outerFold()));
                    patient.append(task.heldOutGroup());
                    level.append(lvl);
                    status.append(r.status());
                    reason.append(r.reason());
                    params.append(r.ok() ? TaskCodec.json(r.bestParams()) : "");
                    innerAuc.append(r.innerAuc());
                    time.append(r.fitTimeMs());
                    MetricSet m = r.ok() ? evaluate(fs, r.testRows(), r.proba(), lvl) : null;
                    appendMetrics(m, n, acc, prec, rec, f1, auc, tn, fp, fn, tp);
                }
                if (r.ok()) {
                    System.arraycopy(r.testRows(), 0, rows, pooled, r.testRows().length);
                    System.arraycopy(r.proba(), 0, proba, pooled, r.testRows().length);
                    pooled += r.testRows().length;
                }
            }
            for (String lvl : List.of("cell", "patient")) {
                model.append(first.model().name());
                featureSet.append(first.featureSet());
                fold.append("pooled");
                patient.append("");
                level.append(lvl);
                status.append(rows.length == 0 ? FoldResult.SKIPPED : FoldResult.OK);
                reason.append(rows.length == 0 ? "every fold was skipped" : "");
                params.append("");
                innerAuc.appendMissing();
                time.append(totalMs);
                appendMetrics(rows.length == 0 ? null : evaluate(fs, rows, proba, lvl), n, acc, prec, rec, f1, auc, tn, fp, fn, tp);
            }
        }
        return t;
    }

    /** Cell-level predictions of all non-skipped folds: model, feature set, fold, cell (AnnData row), patient, label, proba. */
    public Table predictions() {
        StringColumn model = StringColumn.create("model");
        StringColumn featureSet = StringColumn.create("feature_set");
        IntColumn fold = IntColumn.create("fold");
        IntColumn cell = IntColumn.create("cell");
        StringColumn patient = StringColumn.create("patient");
        IntColumn label = IntColumn.create("label");
        DoubleColumn proba = DoubleColumn.create("proba");
        for (int i = 0; i < tasks.size(); i++) {
            FoldTask task = tasks.get(i);
            FoldResult r = results.get(i);
            FeatureSet fs = data.get(task.featureSet());
            for (int k = 0; k < r.proba().length; k++) {
                int row = r.testRows()[k];
                model.append(task.model().name());
                featureSet.append(task.featureSet());
                fold.append(task.outerFold());
                cell.append(fs.cells()[row]);
                patient.append(fs.patients()[row]);
                label.append(fs.labels()[row]);
                proba.append(r.proba()[k]);
            }
        }
        return Table.create("cv_predictions", model, featureSet, fold, cell, patient, label, proba);
    }

    public void writeMetricsCsv(Path file) {
        metrics().write().csv(file.toFile());
    }

    private static MetricSet evaluate(FeatureSet fs, int[] rows, double[] proba, String level) {
        int[] y = fs.labels(rows);
        if (level.equals("cell")) {
            return BinaryMetrics.evaluate(y, proba);
        }
        String[] patients = new String[rows.length];
        for (int k = 0; k < rows.length; k++) {
            patients[k] = fs.patients()[rows[k]];
        }
        return PatientLevel.aggregate(patients, y, proba).evaluate();
    }

    private static void appendMetrics(MetricSet m, IntColumn n, DoubleColumn acc, DoubleColumn prec, DoubleColumn rec,
                                      DoubleColumn f1, DoubleColumn auc, LongColumn tn, LongColumn fp, LongColumn fn, LongColumn tp) {
        if (m == null) {
            n.appendMissing();
            acc.appendMissing();
            prec.appendMissing();
            rec.appendMissing();
            f1.appendMissing();
            auc.appendMissing();
            tn.appendMissing();
            fp.appendMissing();
            fn.appendMissing();
            tp.appendMissing();
            return;
        }
        n.append(m.n());
        acc.append(m.accuracy());
        prec.append(m.precision());
        rec.append(m.recall());
        f1.append(m.f1());
        auc.append(m.rocAuc());
        tn.append(m.confusion().tn());
        fp.append(m.confusion().fp());
        fn.append(m.confusion().fn());
        tp.append(m.confusion().tp());
    }
}
