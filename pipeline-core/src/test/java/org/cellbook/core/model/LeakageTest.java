package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.model.cv.CvResults;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * End-to-end leakage checks. Every patient has a strong feature offset of its own, so a model that
 * saw a held-out patient's cells (or a scaler fitted on them) recognises the patient and, with
 * labels that belong to patients, its label: a leak drives pooled ROC-AUC towards 1, which the
 * positive control below demonstrates by running the same tasks with the held-out rows added to
 * training.
 *
 * <p>Two nulls, because pooled leave-one-patient-out predictions are biased <em>below</em> 0.5
 * when labels belong to patients: holding out a responder removes it from the responders' mean,
 * so the refit's direction (and intercept) moves away from exactly the held-out patient. With 7
 * patients we measure pooled AUCs around 0.3 there; that is LOPO's known anti-conservative null,
 * not leakage, so that null is asserted "not above chance". The second null draws labels per cell,
 * half of each patient positive, which keeps every training part at the same prevalence: there
 * the pooled cell-level AUC must be 0.5 within a few hundredths.
 */
class LeakageTest {
    private static final List<ModelPlan> LOGREG = List.of(new ModelPlan(
            new ModelSpec("logreg", "logreg", Map.of("class_weight", "balanced")),
            SearchSpace.grid(Map.of("C", ParamDistribution.Choice.of(0.1, 1.0)))));

    private static double[] pooledAuc(Cohort c, long seed) {
        NestedLopo cv = NestedLopo.of(List.of(c.featureSet("fs", List.of(new StandardScaler()))), LOGREG, seed);
        CvResults r = cv.run(FoldExecutor.threads(2), ProgressListener.NONE);
        Table t = r.metrics();
        Table pooled = t.where(t.stringColumn("fold").isEqualTo("pooled"));
        assertEquals("ok", pooled.stringColumn("status").get(0));
        return new double[] {pooled.doubleColumn("roc_auc").getDouble(0), pooled.doubleColumn("roc_auc").getDouble(1)};
    }

    @Test
    void patientLabelsShuffledAreNotAboveChanceButALeakIs(@TempDir Path dir) throws Exception {
        int seeds = 5;
        double cell = 0;
        double patient = 0;
        double leakyCell = 0;
        double leakyPatient = 0;
        for (int s = 0; s < seeds; s++) {
            Path d = Files.createDirectory(dir.resolve("s" + s));
            Cohort c = Cohort.patientLabels(d, 100 + s, 1.5, 7, 20).withPatientLabelsPermuted(s);
            double[] auc = pooledAuc(c, s);
            double[] leaky = leakyPooledAuc(c, s);
            System.out.println("patient labels shuffled, seed " + s + ": pooled cell AUC " + auc[0] + ", patient AUC "
                    + auc[1] + "; with the leak " + leaky[0] + ", " + leaky[1]);
            cell += auc[0] / seeds;
            patient += auc[1] / seeds;
            leakyCell += leaky[0] / seeds;
            leakyPatient += leaky[1] / seeds;
        }
        assertTrue(cell < 0.6, "mean pooled cell-level AUC with shuffled labels: " + cell);
        assertTrue(patient < 0.6, "mean pooled patient-level AUC with shuffled labels: " + patient);
        assertTrue(leakyCell > 0.9, "the same data with the held-out rows in training: " + leakyCell);
        assertTrue(leakyPatient > 0.9, "the same data with the held-out rows in training: " + leakyPatient);
    }

    @Test
    void cellLabelsShuffledWithinPatientsGiveChanceAuc(@TempDir Path dir) throws Exception {
        int seeds = 4;
        double cell = 0;
        for (int s = 0; s < seeds; s++) {
            Path d = Files.createDirectory(dir.resolve("s" + s));
            double[] auc = pooledAuc(Cohort.patientLabels(d, 300 + s, 1.5, 7, 20).withCellLabelsShuffledWithinPatients(s), s);
            System.out.println("cell labels shuffled, seed " + s + ": pooled cell AUC " + auc[0]);
            cell += auc[0] / seeds;
        }
        assertEquals(0.5, cell, 0.03, "mean pooled cell-level AUC with shuffled labels");
    }

    /** The same plan with each task's held-out rows added to its training rows (a deliberate leak). */
    private static double[] leakyPooledAuc(Cohort c, long seed) {
        NestedLopo cv = NestedLopo.of(List.of(c.featureSet("fs", List.of(new StandardScaler()))), LOGREG, seed);
        List<FoldTask> leaky = new ArrayList<>();
        for (FoldTask t : cv.plan()) {
            int[] all = java.util.stream.IntStream.range(0, c.y().length).toArray();
            leaky.add(new FoldTask(t.id(), t.seed(), t.searchSeed(), t.featureSet(), t.model(), t.search(), t.innerSplitter(),
                    t.innerSplits(), t.outerFold(), t.heldOutGroup(), all, t.testRows()));
        }
        CvResults r = new CvResults(leaky, FoldExecutor.threads(2).run(leaky, cv.data(), ProgressListener.NONE), cv.data());
        Table t = r.metrics();
        Table pooled = t.where(t.stringColumn("fold").isEqualTo("pooled"));
        return new double[] {pooled.doubleColumn("roc_auc").getDouble(0), pooled.doubleColumn("roc_auc").getDouble(1)};
    }

    @Test
    void plantedSignalIsFoundAtCellAndPatientLevel(@TempDir Path dir) throws Exception {
        int seeds = 3;
        double cell = 0;
        double patient = 0;
        for (int s = 0; s < seeds; s++) {
            Path d = Files.createDirectory(dir.resolve("s" + s));
            double[] auc = pooledAuc(Cohort.patientLabels(d, 200 + s, 3.0, 7, 20), s);
            System.out.println("planted signal, seed " + s + ": pooled cell AUC " + auc[0] + ", patient AUC " + auc[1]);
            cell += auc[0];
            patient += auc[1];
        }
        assertTrue(cell / seeds > 0.75, "mean pooled cell-level AUC with a planted signal: " + cell / seeds);
        assertTrue(patient / seeds > 0.75, "mean pooled patient-level AUC with a planted signal: " + patient / seeds);
    }
}
