package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionTest {
    @TempDir
    Path dir;

    private RecordingListener listener;
    private CacheStore store;
    private CacheKey key;
    private double[] value;
    private final AtomicInteger computations = new AtomicInteger();

    @BeforeEach
    void storeOneEntry() {
        listener = new RecordingListener();
        store = CacheStore.open(dir, listener);
        key = store.key("features", "pca").codeVersion("1").param("n_comps", 50).build();
        value = new Random(3).doubles(300_000).toArray(); // more than one block
        compute();
        assertEquals(1, computations.get());
    }

    private double[] compute() {
        return store.getOrCompute(key, Section.FEATURES, Codecs.DOUBLE_ARRAY, () -> {
            computations.incrementAndGet();
            return value.clone();
        });
    }

    private Path data() {
        return dir.resolve("features").resolve(key.hex() + ".bin");
    }

    private Path meta() {
        return dir.resolve("features").resolve(key.hex() + ".json");
    }

    private void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x01);
        }
    }

    private List<String> quarantined() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("quarantine"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The bad entry was reported once, moved aside, recomputed, and the new entry is good. */
    private void assertDetectedAndRecomputed(String reasonPart) throws IOException {
        assertArrayEquals(value, compute());
        assertEquals(2, computations.get(), "recomputed");
        assertEquals(1, listener.corrupt.size(), "reported once");
        CorruptEntry event = listener.corrupt.getFirst();
        assertEquals(key.hex(), event.key());
        assertEquals(Section.FEATURES, event.section());
        assertTrue(event.reason().contains(reasonPart), event.reason());
        assertTrue(Files.exists(event.quarantinedTo()), "moved, not deleted: " + event.quarantinedTo());
        assertTrue(quarantined().stream().allMatch(n -> n.startsWith(key.hex())), quarantined().toString());
        assertEquals(1, store.stats().snapshot().corruptEntries());

        assertArrayEquals(value, compute());
        assertEquals(2, computations.get(), "the recomputed entry is a hit");
        assertEquals(1, listener.corrupt.size());
    }

    @Test
    void flippedByteInTheValueIsDetected() throws IOException {
        flipByte(data(), Files.size(data()) / 2);
        assertDetectedAndRecomputed("checksum mismatch");
        assertEquals(2, quarantined().size(), "data and metadata moved together");
    }

    @Test
    void flippedByteInTheHeaderIsDetected() throws IOException {
        flipByte(data(), 3);
        assertDetectedAndRecomputed("checksum mismatch");
    }

    @Test
    void flippedByteInTheTrailerIsDetected() throws IOException {
        flipByte(data(), Files.size(data()) - 12);
        assertDetectedAndRecomputed("checksum mismatch");
    }

    @Test
    void truncatedDataFileIsDetected() throws IOException {
        try (FileChannel ch = FileChannel.open(data(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        assertDetectedAndRecomputed("truncated");
    }

    @Test
    void emptyDataFileIsDetected() throws IOException {
        Files.write(data(), new byte[0]);
        assertDetectedAndRecomputed("truncated");
    }

    @Test
    void truncatedMetadataIsDetected() throws IOException {
        byte[] json = Files.readAllBytes(meta());
        Files.write(meta(), java.util.Arrays.copyOf(json, json.length / 2));
        assertDetectedAndRecomputed("metadata is not valid JSON");
    }

    @Test
    void missingDataFileIsDetected() throws IOException {
        Files.delete(data());
        assertDetectedAndRecomputed("data file " + key.hex() + ".bin is missing");
    }

    @Test
    void dataFileOfAnotherEntryIsDetected() throws IOException {
        CacheKey other = store.key("features", "other").codeVersion("1").build();
        store.getOrCompute(other, Section.FEATURES, Codecs.DOUBLE_ARRAY, () -> new double[] {1});
        Files.copy(dir.resolve("features").resolve(other.hex() + ".bin"), data(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertDetectedAndRecomputed("metadata says");
    }

    @Test
    void getNeverReturnsACorruptEntry() throws IOException {
        flipByte(data(), Files.size(data()) / 3);
        assertTrue(CacheStore.open(dir, listener).get(key, Codecs.DOUBLE_ARRAY).isEmpty());
        assertEquals(1, listener.corrupt.size());
        assertFalse(store.contains(key), "quarantined");
    }

    @Test
    void manyThreadsMeetingOneCorruptEntryReportItOnceAndRecomputeOnce() throws Exception {
        flipByte(data(), Files.size(data()) / 2);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CacheStore own = CacheStore.open(dir, listener); // separate stores, shared in-JVM locks
                results.add(pool.submit(() -> {
                    start.await();
                    return own.getOrCompute(key, Section.FEATURES, Codecs.DOUBLE_ARRAY, () -> {
                        computations.incrementAndGet();
                        return value.clone();
                    });
                }));
            }
            start.countDown();
            for (Future<double[]> f : results) {
                assertArrayEquals(value, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, listener.corrupt.size(), "reported once");
        assertEquals(2, computations.get(), "recomputed once");
    }

    @Test
    void verifyFindsBadEntriesAndReportsThem() throws IOException {
        CacheKey good = store.key("cluster", "leiden").codeVersion("1").build();
        store.getOrCompute(good, Section.CLUSTER, Codecs.INT_ARRAY, () -> new int[] {0, 1});
        flipByte(data(), Files.size(data()) / 2);

        VerifyReport report = store.verify();
        assertEquals(2, report.checked());
        assertFalse(report.ok());
        assertEquals(1, report.corrupt().size());
        assertEquals(key.hex(), report.corrupt().getFirst().key());
        assertTrue(report.corrupt().getFirst().reason().contains("checksum mismatch"));
        assertEquals(report.corrupt(), listener.corrupt);
        assertFalse(store.contains(key));
        assertTrue(store.contains(good));

        VerifyReport again = store.verify();
        assertTrue(again.ok());
        assertEquals(1, again.checked());
    }

    @Test
    @SuppressWarnings("try")
    void verifyRemovesStaleTemporaryFilesAndOrphanedDataButNotLiveOnes() throws Exception {
        Path section = dir.resolve("features");
        String orphanKey = "ab".repeat(32);
        Files.writeString(section.resolve(orphanKey + ".bin"), "data whose metadata never came");
        Path stale = Files.writeString(section.resolve("." + "cd".repeat(32) + ".bin.1234.tmp"), "half a value");
        String liveKey = "ef".repeat(32);
        Path live = Files.writeString(section.resolve("." + liveKey + ".bin.99.tmp"), "being written");
        try (KeyLocks.Lock writer = KeyLocks.acquire(dir.resolve("locks").resolve(liveKey + ".lock"))) {
            // Another thread stands in for a writer in progress: it holds the key's lock.
            VerifyReport[] report = new VerifyReport[1];
            Thread t = new Thread(() -> report[0] = store.verify());
            t.start();
            t.join(60_000);
            assertEquals(1, report[0].removedTemps());
            assertEquals(1, report[0].removedOrphans());
            assertTrue(report[0].ok());
        }
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(section.resolve(orphanKey + ".bin")));
        assertTrue(Files.exists(live), "a file being written is left alone");
        assertTrue(store.contains(key));
        assertEquals(1, store.verify().removedTemps(), "once its writer is gone it is stale");
    }
}
