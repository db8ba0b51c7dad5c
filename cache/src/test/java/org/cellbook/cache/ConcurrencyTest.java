package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> runTogether(int threads, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyThreadsOnOneKeyComputeOnce() throws Exception {
        CacheStore store = CacheStore.open(dir);
        CacheKey key = store.key("cluster", "leiden").codeVersion("1").param("resolution", 1.0).build();
        AtomicInteger computations = new AtomicInteger();
        List<int[]> results = runTogether(16, () -> store.getOrCompute(key, Section.CLUSTER, Codecs.INT_ARRAY, () -> {
            computations.incrementAndGet();
            sleep(300); // long enough for every other thread to arrive and wait
            return new int[] {0, 1, 1, 2};
        }));
        assertEquals(1, computations.get());
        for (int[] r : results) {
            assertArrayEquals(new int[] {0, 1, 1, 2}, r);
        }
        CacheStats.Snapshot s = store.stats().snapshot();
        assertEquals(1, s.misses());
        assertEquals(15, s.hits());
    }

    @Test
    void separateStoresOnOneDirectoryInOneJvmComputeOnce() throws Exception {
        AtomicInteger computations = new AtomicInteger();
        CacheKey key = CacheKey.builder("model", "fit").codeVersion("1").build();
        List<String> results = runTogether(8, () -> CacheStore.open(dir).getOrCompute(key, Section.MODEL, Codecs.STRING,
                () -> {
                    computations.incrementAndGet();
                    sleep(300);
                    return "fitted";
                }));
        assertEquals(1, computations.get());
        assertTrue(results.stream().allMatch("fitted"::equals));
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        CacheStore store = CacheStore.open(dir);
        CacheKey slow = store.key("model", "slow").codeVersion("1").build();
        CacheKey fast = store.key("model", "fast").codeVersion("1").build();
        CountDownLatch fastDone = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // The slow computation holds its key's lock until the fast key has been computed:
            // if keys shared a lock this would time out.
            Future<Boolean> slowResult = pool.submit(() -> {
                store.getOrCompute(slow, Section.MODEL, Codecs.STRING, () -> {
                    slowStarted.countDown();
                    try {
                        return fastDone.await(20, TimeUnit.SECONDS) ? "slow" : "timed out";
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return true;
            });
            assertTrue(slowStarted.await(20, TimeUnit.SECONDS));
            pool.submit(() -> {
                store.getOrCompute(fast, Section.MODEL, Codecs.STRING, () -> "fast");
                fastDone.countDown();
            }).get(20, TimeUnit.SECONDS);
            assertTrue(slowResult.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals("slow", store.get(slow, Codecs.STRING).orElseThrow());
    }

    @Test
    void waitersComputeThemselvesWhenTheFirstComputationFails() throws Exception {
        CacheStore store = CacheStore.open(dir);
        CacheKey key = store.key("model", "flaky").codeVersion("1").build();
        AtomicInteger attempts = new AtomicInteger();
        List<String> results = runTogether(4, () -> {
            try {
                return store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> {
                    sleep(100);
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    return "ok";
                });
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertEquals(2, attempts.get(), "one failure, then one success that the rest read");
        assertEquals(1, results.stream().filter("first attempt fails"::equals).count());
        assertEquals(3, results.stream().filter("ok"::equals).count());
    }

    @Test
    void readersRacingInvalidateAndRecomputeNeverSeeAPartialEntry() throws Exception {
        CacheStore store = CacheStore.open(dir, new RecordingListener());
        RecordingListener listener = new RecordingListener();
        CacheStore reader = CacheStore.open(dir, listener);
        CacheKey key = store.key("features", "churn").codeVersion("1").build();
        double[] value = new java.util.Random(5).doubles(200_000).toArray();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<Boolean> results = runTogether(4, () -> {
            boolean churner = Thread.currentThread().getName().endsWith("-1");
            while (System.nanoTime() < deadline) {
                if (churner) {
                    store.invalidate(key);
                }
                double[] got = reader.getOrCompute(key, Section.FEATURES, Codecs.DOUBLE_ARRAY, value::clone);
                if (!java.util.Arrays.equals(value, got)) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(results.stream().allMatch(b -> b));
        assertEquals(List.of(), listener.corrupt, "deleting and rewriting entries is never mistaken for corruption");
    }
}
