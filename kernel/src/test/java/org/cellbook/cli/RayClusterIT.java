package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.core.env.Project;
import org.cellbook.core.model.cv.CachingFoldExecutor;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldTaskCache;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.cv.ray.RayCluster;
import org.cellbook.core.model.cv.ray.RayFoldExecutor;
import org.cellbook.core.model.cv.ray.RayOptions;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.synth.SyntheticFeatureSet;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-node Ray cluster on this machine (head and a second node, one CPU each, started by
 * {@link RayCluster} with the venv's ray), Java workers loading the packaged CLI jars: fold
 * results through Ray in CLUSTER mode are identical to threads, also when a worker JVM is killed
 * mid-run. The cluster is stopped (only its own processes) even when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RayClusterIT {
    private static final long OBJECT_STORE = 100L << 20;
    private static RayCluster cluster;
    private static String address;
    private static NestedLopo cv;
    private static List<FoldTask> tasks;
    private static List<FoldResult> threads;

    @BeforeAll
    static void startCluster() {
        cluster = new RayCluster(Path.of("target/ray-it").toAbsolutePath(), Project.root().resolve(".venv/bin/ray"));
        cluster.stop(); // leftovers of an aborted earlier run
        address = cluster.startHead(0, 1, OBJECT_STORE);
        cluster.join(address, 1, OBJECT_STORE);
        cv = workload();
        tasks = cv.plan();
        threads = FoldExecutor.threads(2).run(tasks, cv.data(), ProgressListener.NONE);
    }

    @AfterAll
    static void stopCluster() {
        try {
            RayFoldExecutor.disconnect();
        } finally {
            if (cluster != null) {
                cluster.stop();
                assertEquals(List.of(), cluster.processes(), "every process of the test cluster ended");
            }
        }
    }

    @Test
    @Order(1)
    void clusterResultsAreIdenticalToThreadsAndWorkersFillTheSharedCache(@TempDir Path cacheDir) {
        RayFoldExecutor ray = new RayFoldExecutor(RayOptions.cluster(address));
        assertEquals(2, ray.options().codeSearchPath().size(), "the packaged CLI jar and lib/");
        Map<String, CacheKey> keys = Map.of("synthetic", CacheKey.builder("test", "synthetic").codeVersion("1").build());
        List<FoldResult> results = ray.withCache(new FoldTaskCache(CacheStore.open(cacheDir), keys))
                .run(tasks, cv.data(), ProgressListener.NONE);
        assertSame(threads, results);
        AtomicInteger computed = new AtomicInteger();
        new CachingFoldExecutor(FoldExecutor.threads(2), new FoldTaskCache(CacheStore.open(cacheDir), keys),
                (task, hit, result) -> {
                    if (!hit) {
                        computed.incrementAndGet();
                    }
                }).run(tasks, cv.data(), ProgressListener.NONE);
        assertEquals(0, computed.get(), "the worker JVMs stored every result; the driver recomputes none");
        List<ProcessHandle> workers = cluster.javaWorkers();
        assertFalse(workers.isEmpty(), "Java workers of this cluster are running");
        String cmd = workers.get(0).info().commandLine().orElse("");
        assertTrue(cmd.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), "workers get the JVM flags: " + cmd);
    }

    @Test
    @Order(2)
    void aKilledWorkerIsRetriedAndResultsStayIdentical() {
        AtomicLong killed = new AtomicLong(-1);
        ProgressListener killer = new ProgressListener() {
            @Override
            public void taskFinished(int done, int total, FoldResult result) {
                if (done == 1) {
                    List<ProcessHandle> workers = cluster.javaWorkers();
                    if (!workers.isEmpty() && workers.get(0).destroyForcibly()) {
                        killed.set(workers.get(0).pid());
                    }
                }
            }
        };
        RayFoldExecutor ray = new RayFoldExecutor(RayOptions.cluster(address));
        List<FoldResult> results = ray.run(tasks, cv.data(), killer);
        assertTrue(killed.get() > 0, "a worker JVM was killed mid-run");
        System.out.println("RayClusterIT: killed worker " + killed.get() + ", tasks resubmitted: " + ray.resubmissions());
        assertSame(threads, results);
    }

    /** 8 patients, 16 fold tasks: logistic regression and a random forest on a seeded cohort. */
    private static NestedLopo workload() {
        FeatureSet fs = SyntheticFeatureSet.of("synthetic", 11, 8, 120, 12, 3, 1.0);
        List<ModelPlan> plans = List.of(
                new ModelPlan(ModelSpec.of("logreg"), SearchSpace.grid(Map.of("C", ParamDistribution.Choice.of(0.1, 1.0)))),
                new ModelPlan(new ModelSpec("random_forest", "random_forest", Map.of("n_estimators", 60)),
                        SearchSpace.random(2, Map.of("max_depth", ParamDistribution.Choice.of(4, 8)))));
        return new NestedLopo(List.of(fs), plans, "stratified_group_kfold", 3, 42);
    }

    private static void assertSame(List<FoldResult> expected, List<FoldResult> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            FoldResult e = expected.get(i);
            FoldResult a = actual.get(i);
            assertEquals(e.taskId(), a.taskId(), "task order");
            assertEquals(e.status(), a.status(), e.taskId());
            assertEquals(e.bestParams(), a.bestParams(), e.taskId());
            assertEquals(Double.doubleToRawLongBits(e.innerAuc()), Double.doubleToRawLongBits(a.innerAuc()), e.taskId());
            assertTrue(Arrays.equals(e.candidateAucs(), a.candidateAucs()), e.taskId());
            assertEquals(e.probaBits(), a.probaBits(), e.taskId() + " probabilities");
        }
    }
}
