package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cellbook.core.model.cv.CvResults;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.FoldTaskRunner;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.cv.TaskCodec;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FoldTransform;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.cellbook.core.model.split.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Determinism across executors and runs, and no held-out cell in any training part. */
class NestedLopoTest {
    private static Cohort cohort;

    @BeforeAll
    static void data(@TempDir Path dir) {
        cohort = Cohort.patientLabels(dir, 5, 1.5, 7, 20);
    }

    private static List<ModelPlan> allFamilies() {
        return List.of(
                new ModelPlan(ModelSpec.of("logreg"), SearchSpace.grid(Map.of("C", ParamDistribution.Choice.of(0.01, 1.0)))),
                new ModelPlan(new ModelSpec("random_forest", "random_forest", Map.of("n_estimators", 10)),
                        SearchSpace.random(2, Map.of("max_depth", ParamDistribution.Choice.of(3, 6),
                                "max_features", new ParamDistribution.Uniform(0.2, 0.8)))),
                new ModelPlan(new ModelSpec("xgboost", "xgboost", Map.of("n_estimators", 10)),
                        SearchSpace.random(2, Map.of("learning_rate", new ParamDistribution.LogUniform(0.03, 0.3),
                                "max_depth", new ParamDistribution.IntRange(2, 5), "subsample", ParamDistribution.Choice.of(0.7, 1.0)))),
                new ModelPlan(ModelSpec.of("linear_svm"), SearchSpace.random(2, Map.of("C", new ParamDistribution.LogUniform(1e-3, 1)))));
    }

    private static NestedLopo lopo(long seed) {
        return lopo(seed, allFamilies());
    }

    private static NestedLopo lopo(long seed, List<ModelPlan> plans) {
        FeatureSet fs = cohort.featureSet("synthetic", List.of(new StandardScaler()));
        return NestedLopo.of(List.of(fs), plans, seed);
    }

    /** The families whose fits use the seed. */
    private static List<ModelPlan> seeded() {
        return allFamilies().subList(1, 3);
    }

    @Test
    void sequentialAndTwoThreadsGiveBitIdenticalResultsAndReruns() {
        NestedLopo cv = lopo(42);
        CvResults seq = cv.run(FoldExecutor.sequential(), ProgressListener.NONE);
        CvResults par = cv.run(FoldExecutor.threads(2), ProgressListener.NONE);
        CvResults again = cv.run(FoldExecutor.sequential(), ProgressListener.NONE);
        assertEquals(28, seq.results().size());
        for (int i = 0; i < seq.results().size(); i++) {
            FoldResult a = seq.results().get(i);
            assertTrue(a.ok(), a.taskId() + " " + a.reason());
            for (CvResults other : List.of(par, again)) {
                FoldResult b = other.results().get(i);
                assertEquals(a.taskId(), b.taskId(), "results are in task order");
                assertEquals(a.probaBits(), b.probaBits(), a.taskId() + " probabilities");
                assertEquals(a.bestParams(), b.bestParams(), a.taskId());
                assertEquals(Double.doubleToRawLongBits(a.innerAuc()), Double.doubleToRawLongBits(b.innerAuc()));
            }
        }
        CvResults otherSeed = lopo(43, seeded()).run(FoldExecutor.threads(2), ProgressListener.NONE);
        boolean anyDiffers = false;
        for (int i = 0; i < otherSeed.results().size(); i++) {
            anyDiffers |= !seq.results().get(7 + i).probaBits().equals(otherSeed.results().get(i).probaBits());
        }
        assertTrue(anyDiffers, "the global seed reaches the seeded models");
    }

    @Test
    void taskOrderDoesNotChangeAnyResult() {
        NestedLopo cv = lopo(7, seeded());
        List<FoldTask> tasks = cv.plan();
        List<FoldTask> reversed = new ArrayList<>(tasks);
        Collections.reverse(reversed);
        List<FoldResult> a = FoldExecutor.threads(2).run(tasks, cv.data(), ProgressListener.NONE);
        List<FoldResult> b = FoldExecutor.sequential().run(reversed, cv.data(), ProgressListener.NONE);
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(a.get(i).probaBits(), b.get(tasks.size() - 1 - i).probaBits(), tasks.get(i).id());
        }
    }

    @Test
    void heldOutPatientNeverReachesAnyTrainingPartOrFittedTransform() {
        RecordingTransform recorder = new RecordingTransform();
        FeatureSet fs = cohort.featureSet("recorded", List.of(recorder, new StandardScaler()));
        NestedLopo cv = NestedLopo.of(List.of(fs), List.of(allFamilies().get(0)), 1);
        List<FoldTask> tasks = cv.plan();
        assertEquals(7, tasks.size());
        Set<String> heldOut = new HashSet<>();
        for (FoldTask t : tasks) {
            String patient = "P" + t.heldOutGroup().substring(1);
            heldOut.add(t.heldOutGroup());
            for (int r : t.trainRows()) {
                assertNotEquals(t.heldOutGroup(), fs.patients()[r], t.id() + " outer train");
            }
            for (int r : t.testRows()) {
                assertEquals(t.heldOutGroup(), fs.patients()[r], t.id() + " outer test");
            }
            assertEquals(fs.nRows(), t.trainRows().length + t.testRows().length);
            // Inner splits as the runner makes them: inside the outer training part, patients disjoint.
            List<Split> inner = FoldTaskRunner.innerSplitter(t.innerSplitter(), t.innerSplits())
                    .split(fs.labels(t.trainRows()), fs.groups().subset(t.trainRows()));
            assertEquals(3, inner.size());
            for (Split s : inner) {
                Set<String> trainPatients = new HashSet<>();
                for (int i : s.train()) {
                    trainPatients.add(fs.patients()[t.trainRows()[i]]);
                }
                for (int i : s.test()) {
                    String p = fs.patients()[t.trainRows()[i]];
                    assertFalse(trainPatients.contains(p), t.id() + " inner test patient " + p + " also in inner train");
                }
                assertFalse(trainPatients.contains(t.heldOutGroup()), patient);
            }
            recorder.fitted.clear();
            FoldResult r = FoldTaskRunner.run(t, fs);
            assertTrue(r.ok(), r.reason());
            assertEquals(4, recorder.fitted.size(), "3 inner fits + 1 outer refit");
            for (int[] cells : recorder.fitted) {
                for (int c : cells) {
                    assertNotEquals(t.heldOutGroup(), fs.patients()[c], t.id() + ": transform fitted on a held-out cell");
                }
            }
            // The outer refit saw every outer training cell.
            assertArrayEquals(fs.cells(t.trainRows()), recorder.fitted.get(3));
        }
        assertEquals(7, heldOut.size(), "every patient is held out once");
    }

    @Test
    void tasksRoundTripAsBytesAndKeyTheCache() {
        List<FoldTask> tasks = lopo(3).plan();
        FoldTask t = tasks.get(9);
        byte[] bytes = TaskCodec.toBytes(t);
        FoldTask back = TaskCodec.taskFromBytes(bytes);
        assertArrayEquals(bytes, TaskCodec.toBytes(back));
        assertEquals(TaskCodec.cacheKey(t), TaskCodec.cacheKey(back));
        assertNotEquals(TaskCodec.cacheKey(t), TaskCodec.cacheKey(tasks.get(10)));
        assertEquals(t.search().candidates(t.searchSeed()), back.search().candidates(back.searchSeed()));
        FoldResult r = FoldTaskRunner.run(back, lopo(3).data().get(back.featureSet()));
        FoldResult rBack = TaskCodec.resultFromBytes(TaskCodec.toBytes(r));
        assertEquals(r.probaBits(), rBack.probaBits());
        assertEquals(r.bestParams(), rBack.bestParams());
    }

    @Test
    void resultsTableHasAFoldAndAPooledRowPerLevel(@TempDir Path dir) throws Exception {
        NestedLopo cv = NestedLopo.of(List.of(cohort.featureSet("s", List.of(new StandardScaler()))), List.of(allFamilies().get(0)), 1);
        CvResults res = cv.run(FoldExecutor.threads(2), ProgressListener.NONE);
        Table t = res.metrics();
        assertEquals(2 * 7 + 2, t.rowCount());
        Table pooled = t.where(t.stringColumn("fold").isEqualTo("pooled"));
        assertEquals(List.of("cell", "patient"), pooled.stringColumn("level").asList());
        assertEquals(cohort.y().length, pooled.intColumn("n").get(0));
        assertEquals(7, pooled.intColumn("n").get(1));
        assertTrue(t.stringColumn("params").get(0).startsWith("{\"C\":"));
        Path csv = dir.resolve("cv.csv");
        res.writeMetricsCsv(csv);
        assertEquals(Table.read().csv(csv.toFile()).rowCount(), t.rowCount());
        assertEquals(cohort.y().length, res.predictions().rowCount());
    }

    /** A real transform (identity) that remembers which cells it was fitted on. */
    static final class RecordingTransform implements FoldTransform {
        final List<int[]> fitted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Map<String, Object> describe() {
            return Map.of("transform", "recording_identity");
        }

        @Override
        public Fitted fit(double[][] x, int[] cells) {
            fitted.add(cells.clone());
            return (rows, c) -> rows;
        }
    }
}
