package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs sharing a cache directory with this one. */
class CrossProcessTest {
    @TempDir
    Path tmp;

    private static List<Path> listSorted(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void writerKilledMidWriteLeavesNoEntryAndTheNextRunRecomputes() throws Exception {
        Path cache = tmp.resolve("cache");
        Path signal = tmp.resolve("signal");
        Path log = tmp.resolve("writer.log");
        Process writer = ChildJvm.start(SlowWriterMain.class, log, cache.toString(), signal.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(signal)) {
                if (!writer.isAlive()) {
                    fail("writer exited early (" + writer.exitValue() + "):\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("writer never started writing:\n" + Files.readString(log));
                }
                Thread.sleep(10);
            }
            Path section = cache.resolve("model");
            List<Path> during = listSorted(section);
            assertEquals(1, during.size(), "only a temporary file while writing: " + during);
            assertTrue(AtomicFiles.isTemp(during.getFirst()), during.toString());
            assertTrue(Files.size(during.getFirst()) > 1 << 20, "the kill comes mid-write");
        } finally {
            writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
        }
        assertFalse(Files.readString(log).contains("finished"), Files.readString(log));

        RecordingListener listener = new RecordingListener();
        CacheStore store = CacheStore.open(cache, listener);
        CacheKey key = SlowWriterMain.key();
        assertFalse(store.contains(key), "no visible entry");
        assertEquals(List.of(), store.entries());
        assertFalse(Files.exists(cache.resolve("model").resolve(key.hex() + ".bin")));
        assertFalse(Files.exists(cache.resolve("model").resolve(key.hex() + ".json")));

        AtomicInteger computations = new AtomicInteger();
        double[] value = store.getOrCompute(key, Section.MODEL, Codecs.DOUBLE_ARRAY, () -> {
            computations.incrementAndGet();
            return SlowWriterMain.value();
        });
        assertEquals(1, computations.get(), "recomputed (the killed writer's lock was released by the OS)");
        assertArrayEquals(SlowWriterMain.value(), value);
        assertEquals(List.of(), listener.corrupt, "a crashed write is not corruption");

        VerifyReport report = store.verify();
        assertEquals(1, report.removedTemps(), "the killed writer's temporary file is cleaned up");
        assertTrue(report.ok());
        assertEquals(2, listSorted(cache.resolve("model")).size(), "data and metadata only");
        assertArrayEquals(value, CacheStore.open(cache).get(key, Codecs.DOUBLE_ARRAY).orElseThrow());
    }

    @Test
    void twoProcessesWantingOneKeyComputeItOnce() throws Exception {
        Path cache = tmp.resolve("cache");
        Path marker = tmp.resolve("marker.txt");
        Path ready = Files.createDirectories(tmp.resolve("ready"));
        Process a = ChildJvm.start(ComputeOnceMain.class, tmp.resolve("a.log"), cache.toString(), marker.toString(),
                ready.toString(), "a", "2");
        Process b = ChildJvm.start(ComputeOnceMain.class, tmp.resolve("b.log"), cache.toString(), marker.toString(),
                ready.toString(), "b", "2");
        try {
            assertTrue(a.waitFor(120, TimeUnit.SECONDS), "process a finished");
            assertTrue(b.waitFor(120, TimeUnit.SECONDS), "process b finished");
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        String logA = Files.readString(tmp.resolve("a.log"));
        String logB = Files.readString(tmp.resolve("b.log"));
        assertEquals(0, a.exitValue(), logA);
        assertEquals(0, b.exitValue(), logB);
        assertTrue(logA.contains("value=shared value"), logA);
        assertTrue(logB.contains("value=shared value"), logB);
        List<String> lines = Files.readAllLines(marker);
        assertEquals(1, lines.size(), "computed once: " + lines);

        CacheStore store = CacheStore.open(cache);
        assertEquals("shared value", store.get(ComputeOnceMain.key(), Codecs.STRING).orElseThrow());
        try (Stream<Path> locks = Files.list(cache.resolve("locks"))) {
            assertEquals(0, locks.count(), "lock files cleaned up");
        }
    }

    @Test
    void keyLocksExcludeOtherProcessesWhileLockFilesComeAndGo() throws Exception {
        Path lock = Files.createDirectories(tmp.resolve("locks")).resolve("k.lock");
        Path owner = tmp.resolve("owner");
        int n = 3;
        Process[] children = new Process[n];
        for (int i = 0; i < n; i++) {
            children[i] = ChildJvm.start(LockStressMain.class, tmp.resolve("stress" + i + ".log"), lock.toString(),
                    owner.toString(), "300");
        }
        try {
            for (int i = 0; i < n; i++) {
                assertTrue(children[i].waitFor(120, TimeUnit.SECONDS), "child " + i + " finished");
            }
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
            }
        }
        for (int i = 0; i < n; i++) {
            String log = Files.readString(tmp.resolve("stress" + i + ".log"));
            assertEquals(0, children[i].exitValue(), log);
            assertTrue(log.contains("done"), log);
        }
        assertFalse(Files.exists(lock), "the last holder removed the lock file");
    }
}
