package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneTest {
    @TempDir
    Path dir;

    private CacheKey put(CacheStore store, String name, Section section, int doubles) {
        CacheKey key = store.key("test", name).codeVersion("1").build();
        double[] v = new Random(name.hashCode()).doubles(doubles).toArray(); // incompressible
        store.getOrCompute(key, section, Codecs.DOUBLE_ARRAY, () -> v);
        return key;
    }

    /** Sets an entry's last use to {@code minutesAgo} minutes ago. */
    private void lastUsed(CacheKey key, Section section, int minutesAgo) throws IOException {
        Files.setLastModifiedTime(dir.resolve(section.dirName()).resolve(key.hex() + ".json"),
                FileTime.from(Instant.now().minus(minutesAgo, ChronoUnit.MINUTES)));
    }

    @Test
    void evictsLeastRecentlyUsedFirstUntilUnderTheLimit() throws IOException {
        CacheStore store = CacheStore.open(dir);
        CacheKey a = put(store, "a", Section.DATA, 20_000);
        CacheKey b = put(store, "b", Section.MODEL, 20_000);
        CacheKey c = put(store, "c", Section.CLUSTER, 20_000);
        CacheKey d = put(store, "d", Section.DATA, 20_000);
        lastUsed(a, Section.DATA, 40); // written first ...
        lastUsed(b, Section.MODEL, 30);
        lastUsed(c, Section.CLUSTER, 20);
        lastUsed(d, Section.DATA, 10);
        // ... but read recently: a hit marks it used now.
        store.getOrCompute(a, Section.DATA, Codecs.DOUBLE_ARRAY, () -> new double[0]);

        long each = store.entry(b).orElseThrow().diskBytes();
        long total = store.entries().stream().mapToLong(CacheEntry::diskBytes).sum();
        long limit = total - each - 1; // one entry is not enough: two must go

        PruneReport report = store.prune(limit);
        assertEquals(2, report.evicted());
        assertFalse(store.contains(b), "least recently used");
        assertFalse(store.contains(c), "next least recently used");
        assertTrue(store.contains(d));
        assertTrue(store.contains(a), "recently read, so kept although oldest");
        long left = store.entries().stream().mapToLong(CacheEntry::diskBytes).sum();
        assertEquals(left, report.remainingBytes());
        assertTrue(left <= limit);
        assertEquals(total - left, report.freedBytes());

        assertEquals(0, store.prune(limit).evicted(), "already under the limit");
        assertEquals(2, store.prune(0).evicted(), "zero empties it");
        assertEquals(List.of(), store.entries());
    }

    @Test
    void pruneAlsoClearsQuarantineAndStaleTemporaryFiles() throws IOException {
        RecordingListener listener = new RecordingListener();
        CacheStore store = CacheStore.open(dir, listener);
        CacheKey a = put(store, "a", Section.DATA, 1000);
        Files.write(dir.resolve("data").resolve(a.hex() + ".bin"), new byte[] {1, 2, 3});
        assertEquals(1, store.verify().corrupt().size());
        Files.writeString(dir.resolve("data").resolve("." + "ab".repeat(32) + ".bin.7.tmp"), "crashed writer");
        try (Stream<Path> q = Files.list(dir.resolve("quarantine"))) {
            assertEquals(2, q.count());
        }
        PruneReport report = store.prune(1L << 30);
        assertEquals(0, report.evicted());
        assertEquals(3, report.removedOther());
        try (Stream<Path> q = Files.list(dir.resolve("quarantine"))) {
            assertEquals(0, q.count());
        }
    }

    @Test
    void negativeLimitIsRefused() {
        CacheStore store = CacheStore.open(dir);
        assertThrows(IllegalArgumentException.class, () -> store.prune(-1));
    }
}
