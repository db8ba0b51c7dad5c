package org.cellbook.core.model.cv.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.cv.CachingFoldExecutor;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldTaskCache;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ray executor in Ray's LOCAL run mode (tasks on threads of this JVM, same codecs and object store calls). */
class RayFoldExecutorTest {
    private static final Path SESSION = Path.of("target/ray-local").toAbsolutePath();
    private static NestedLopo cv;
    private static List<FoldTask> tasks;
    private static List<FoldResult> sequential;

    @BeforeAll
    static void plan() {
        cv = SyntheticFolds.lopo();
        tasks = cv.plan();
        sequential = FoldExecutor.sequential().run(tasks, cv.data(), ProgressListener.NONE);
    }

    @AfterAll
    static void stopRay() {
        RaySession.shutdown();
    }

    @Test
    void resultsAreBitIdenticalToSequentialAndThreads() {
        List<FoldResult> ray = new RayFoldExecutor(RayOptions.local(SESSION)).run(tasks, cv.data(), ProgressListener.NONE);
        assertEquals(24, tasks.size(), "2 feature sets x 2 models x 6 patients");
        assertTrue(sequential.stream().allMatch(FoldResult::ok), "the synthetic cohort gives defined folds");
        SyntheticFolds.assertSameResults(sequential, ray);
        SyntheticFolds.assertSameResults(FoldExecutor.threads(2).run(tasks, cv.data(), ProgressListener.NONE), ray);
    }

    @Test
    void progressCountsEveryTaskAsItFinishes() {
        List<String> events = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public synchronized void started(int totalTasks) {
                events.add("started " + totalTasks);
            }

            @Override
            public synchronized void taskFinished(int done, int total, FoldResult result) {
                events.add(done + "/" + total);
            }

            @Override
            public synchronized void finished() {
                events.add("finished");
            }
        };
        List<FoldTask> some = tasks.subList(0, 5);
        new RayFoldExecutor(RayOptions.local(SESSION).withCpusPerTask(0.5)).run(some, cv.data(), listener);
        assertEquals(List.of("started 5", "1/5", "2/5", "3/5", "4/5", "5/5", "finished"), events);
    }

    @Test
    void aMissingFeatureSetIsReportedBeforeAnythingIsShipped() {
        BadInputException e = assertThrows(BadInputException.class, () ->
                new RayFoldExecutor(RayOptions.local(SESSION)).run(tasks, Map.of(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("needs feature set 'scaled'"), e.getMessage());
    }

    @Test
    void workersStoreResultsInTheSharedCacheSoAThreadsRunRecomputesNothing(@TempDir Path cacheDir) {
        CacheKey dataKey = CacheKey.builder("test", "synthetic").codeVersion("1").build();
        Map<String, CacheKey> keys = Map.of("scaled", dataKey, "raw", dataKey);
        // The driver never touches the cache here: whatever is in it, the workers stored.
        List<FoldResult> ray = new RayFoldExecutor(RayOptions.local(SESSION))
                .withCache(new FoldTaskCache(CacheStore.open(cacheDir), keys)).run(tasks, cv.data(), ProgressListener.NONE);
        SyntheticFolds.assertSameResults(sequential, ray);

        AtomicInteger hits = new AtomicInteger();
        AtomicInteger computed = new AtomicInteger();
        FoldTaskCache fresh = new FoldTaskCache(CacheStore.open(cacheDir), keys);
        List<FoldResult> warm = new CachingFoldExecutor(FoldExecutor.threads(2), fresh,
                (task, hit, result) -> (hit ? hits : computed).incrementAndGet()).run(tasks, cv.data(), ProgressListener.NONE);
        assertEquals(tasks.size(), hits.get(), "every task was served from what the workers stored");
        assertEquals(0, computed.get());
        SyntheticFolds.assertSameResults(sequential, warm);
    }

    @Test
    void badInputOnAWorkerStaysBadInput() {
        FoldTask t = tasks.get(0);
        FoldTask bad = new FoldTask(t.id(), t.seed(), t.searchSeed(), t.featureSet(),
                new ModelSpec("nope", "no_such_family", Map.of()), t.search(), t.innerSplitter(), t.innerSplits(),
                t.outerFold(), t.heldOutGroup(), t.trainRows(), t.testRows());
        BadInputException e = assertThrows(BadInputException.class, () ->
                new RayFoldExecutor(RayOptions.local(SESSION)).run(List.of(bad), cv.data(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("no_such_family"), e.getMessage());
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(BadInputException.class, () -> RayOptions.local(SESSION).withCpusPerTask(0));
        assertThrows(BadInputException.class, () -> RayOptions.local(SESSION).withMaxRetries(-1));
    }
}
