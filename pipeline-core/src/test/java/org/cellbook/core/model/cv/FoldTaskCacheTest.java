package org.cellbook.core.model.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Section;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-fold-task caching on a real store: hits, bit-identical results, and what recomputes after a change. */
class FoldTaskCacheTest {
    private static final int PATIENTS = 6;

    @TempDir
    Path cacheDir;

    /** Cells of six patients (three responders) whose features carry a weak response signal. */
    private static FeatureSet featureSet() {
        Random rnd = new Random(11);
        int perPatient = 15;
        int nf = 4;
        int n = PATIENTS * perPatient;
        float[] x = new float[n * nf];
        int[] labels = new int[n];
        int[] cells = new int[n];
        String[] patients = new String[n];
        for (int i = 0; i < n; i++) {
            int p = i / perPatient;
            labels[i] = p % 2;
            cells[i] = i;
            patients[i] = "P" + p;
            for (int j = 0; j < nf; j++) {
                x[i * nf + j] = (float) (rnd.nextGaussian() + (j == 0 ? 0.8 * labels[i] : 0));
            }
        }
        return new FeatureSet("fs", new DenseMatrix(n, nf, x), List.of("f0", "f1", "f2", "f3"), cells, labels, patients,
                List.of(new StandardScaler()));
    }

    private static List<ModelPlan> plans(double... logregC) {
        Object[] cs = Arrays.stream(logregC).boxed().toArray();
        return List.of(
                new ModelPlan(ModelSpec.of("logreg"), SearchSpace.grid(Map.of("C", ParamDistribution.Choice.of(cs)))),
                new ModelPlan(new ModelSpec("random_forest", "random_forest", Map.of("n_estimators", 8)),
                        SearchSpace.random(2, Map.of("max_depth", ParamDistribution.Choice.of(2, 4)))));
    }

    private static CacheKey dataKey(String version) {
        return CacheKey.builder("features", "fs").codeVersion(version).build();
    }

    /** Runs the CV through a fresh store on the shared folder; returns results and per-model misses. */
    private Run run(List<ModelPlan> plans, CacheKey dataKey) {
        CacheStore store = CacheStore.open(cacheDir);
        Map<String, Integer> misses = new TreeMap<>();
        Map<String, Integer> hits = new TreeMap<>();
        CachingFoldExecutor exec = new CachingFoldExecutor(FoldExecutor.threads(2),
                new FoldTaskCache(store, Map.of("fs", dataKey)), (task, hit, result) -> {
                    synchronized (misses) {
                        (hit ? hits : misses).merge(task.model().name(), 1, Integer::sum);
                    }
                });
        CvResults r = NestedLopo.of(List.of(featureSet()), plans, 7).run(exec, ProgressListener.NONE);
        return new Run(r, misses, hits);
    }

    private record Run(CvResults cv, Map<String, Integer> misses, Map<String, Integer> hits) {
    }

    private static void assertBitIdentical(List<FoldResult> expected, List<FoldResult> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            FoldResult a = expected.get(i);
            FoldResult b = actual.get(i);
            assertEquals(a.taskId(), b.taskId());
            assertEquals(a.status(), b.status());
            assertEquals(a.reason(), b.reason());
            assertEquals(a.bestParams(), b.bestParams(), a.taskId());
            assertEquals(Double.doubleToRawLongBits(a.innerAuc()), Double.doubleToRawLongBits(b.innerAuc()), a.taskId());
            assertEquals(bits(a.candidateAucs()), bits(b.candidateAucs()), a.taskId());
            assertArrayEquals(a.testRows(), b.testRows());
            assertEquals(a.probaBits(), b.probaBits(), a.taskId());
        }
    }

    private static List<Long> bits(double[] v) {
        return Arrays.stream(v).mapToObj(Double::doubleToRawLongBits).toList();
    }

    @Test
    void secondRunIsAllHitsAndBitIdenticalToTheUncachedRun() {
        List<ModelPlan> plans = plans(0.1, 1.0);
        CvResults uncached = NestedLopo.of(List.of(featureSet()), plans, 7).run(FoldExecutor.sequential(), ProgressListener.NONE);

        Run cold = run(plans, dataKey("1"));
        assertEquals(Map.of("logreg", PATIENTS, "random_forest", PATIENTS), cold.misses());
        assertEquals(Map.of(), cold.hits());
        assertBitIdentical(uncached.results(), cold.cv().results());

        Run warm = run(plans, dataKey("1"));
        assertEquals(Map.of(), warm.misses());
        assertEquals(Map.of("logreg", PATIENTS, "random_forest", PATIENTS), warm.hits());
        assertBitIdentical(uncached.results(), warm.cv().results());
        assertEquals(cold.cv().metrics().printAll(), warm.cv().metrics().printAll());
        assertEquals(2 * PATIENTS, CacheStore.open(cacheDir).entries(Section.MODEL).size());
    }

    @Test
    void changingOneModelsSearchSpaceRecomputesOnlyThatModel() {
        run(plans(0.1, 1.0), dataKey("1"));
        Run changed = run(plans(0.1, 10.0), dataKey("1"));
        assertEquals(Map.of("logreg", PATIENTS), changed.misses());
        assertEquals(Map.of("random_forest", PATIENTS), changed.hits());
        CvResults uncached = NestedLopo.of(List.of(featureSet()), plans(0.1, 10.0), 7)
                .run(FoldExecutor.sequential(), ProgressListener.NONE);
        assertBitIdentical(uncached.results(), changed.cv().results());
    }

    @Test
    void changingTheUpstreamDataKeyRecomputesEveryTask() {
        run(plans(0.1, 1.0), dataKey("1"));
        Run changed = run(plans(0.1, 1.0), dataKey("2"));
        assertEquals(Map.of("logreg", PATIENTS, "random_forest", PATIENTS), changed.misses());
        assertEquals(Map.of(), changed.hits());
    }

    @Test
    void keyChainsTheDataKeyAndTheTaskAndNamesTheEntryByTaskId() {
        CacheStore store = CacheStore.open(cacheDir);
        FoldTask task = NestedLopo.of(List.of(featureSet()), plans(1.0), 7).plan().get(0);
        CacheKey a = new FoldTaskCache(store, Map.of("fs", dataKey("1"))).key(task);
        CacheKey b = new FoldTaskCache(store, Map.of("fs", dataKey("2"))).key(task);
        assertNotEquals(a, b);
        assertEquals(task.id(), a.name());
        assertEquals(FoldTaskCache.KIND, a.kind());
        assertTrue(a.inputs().stream().anyMatch(in -> dataKey("1").hex().equals(in.key())));
    }

    @Test
    void aMissingDataKeyIsABadInput() {
        FoldTask task = NestedLopo.of(List.of(featureSet()), plans(1.0), 7).plan().get(0);
        FoldTaskCache cache = new FoldTaskCache(CacheStore.open(cacheDir), Map.of());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.cellbook.core.BadInputException.class, () -> cache.key(task));
        assertTrue(e.getMessage().contains("'fs'"), e.getMessage());
    }

    @Test
    void codecRoundTripsSpecialDoublesAndParameterTypes() throws Exception {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("C", 0.1);
        params.put("n", 3);
        params.put("big", 1L << 40);
        params.put("kernel", "rbf");
        params.put("flag", true);
        params.put("none", null);
        params.put("list", List.of(1, 2));
        FoldResult r = new FoldResult("fs/m/fold-00-P0", FoldResult.OK, null, params, -0.0,
                new double[] {Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L), Double.MIN_VALUE},
                new int[] {3, 1}, new double[] {0.1 + 0.2, 1e-310}, 12);
        CacheStore store = CacheStore.open(cacheDir);
        CacheKey k = CacheKey.builder("t", "r").codeVersion("1").build();
        store.getOrCompute(k, Section.MODEL, FoldResultCodec.CODEC, () -> r);
        FoldResult back = CacheStore.open(cacheDir).get(k, FoldResultCodec.CODEC).orElseThrow();
        assertBitIdentical(List.of(r), List.of(back));
        for (String scalar : List.of("C", "n", "big", "kernel", "flag")) {
            assertEquals(params.get(scalar).getClass(), back.bestParams().get(scalar).getClass(), scalar);
        }
        assertEquals(12, back.fitTimeMs());
    }
}
