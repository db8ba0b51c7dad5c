package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheStoreTest {
    @TempDir
    Path tmp;

    private Path dir;
    private RecordingListener listener;
    private CacheStore store;
    private final AtomicInteger computations = new AtomicInteger();

    @BeforeEach
    void open() {
        dir = tmp.resolve("cache");
        listener = new RecordingListener();
        store = CacheStore.open(dir, listener);
    }

    private Supplier<double[]> counting(double... values) {
        return () -> {
            computations.incrementAndGet();
            return values;
        };
    }

    private double[] normalize(CacheKey key) {
        return store.getOrCompute(key, Section.PREPROCESS, Codecs.DOUBLE_ARRAY, counting(1, 2, 3));
    }

    @Test
    void missThenHit() {
        CacheKey key = store.key("preprocess", "normalize_total").codeVersion("1").param("target_sum", 1e4).build();
        assertFalse(store.contains(key));
        assertArrayEquals(new double[] {1, 2, 3}, normalize(key));
        assertTrue(store.contains(key));
        assertArrayEquals(new double[] {1, 2, 3}, normalize(key));
        assertEquals(1, computations.get());
        CacheStats.Snapshot s = store.stats().snapshot();
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertTrue(s.bytesRead() > 0 && s.bytesWritten() > s.bytesRead(), s.toString());

        CacheStore other = CacheStore.open(dir, listener);
        assertArrayEquals(new double[] {1, 2, 3}, other.getOrCompute(key, Section.PREPROCESS, Codecs.DOUBLE_ARRAY,
                counting(9)), "another store (another run) hits too");
        assertEquals(1, computations.get());
    }

    @Test
    void changedParameterUpstreamFileOrCodeVersionRecomputes() throws IOException {
        Path input = Files.writeString(tmp.resolve("counts.csv"), "g,c\n1,2\n");
        Files.setLastModifiedTime(input, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        CacheKey upstream = store.key("data", "read").codeVersion("1").inputFile(input).build();
        Supplier<CacheKey.Builder> base = () -> store.key("preprocess", "normalize_total").param("target_sum", 1e4);

        normalize(base.get().codeVersion("1").input(upstream).build());
        normalize(base.get().codeVersion("1").input(upstream).build());
        assertEquals(1, computations.get(), "same key: hit");

        normalize(store.key("preprocess", "normalize_total").param("target_sum", 1e6).codeVersion("1")
                .input(upstream).build());
        assertEquals(2, computations.get(), "parameter changed");

        normalize(base.get().codeVersion("2").input(upstream).build());
        assertEquals(3, computations.get(), "code version changed");

        CacheKey otherUpstream = store.key("data", "read").codeVersion("2").inputFile(input).build();
        normalize(base.get().codeVersion("1").input(otherUpstream).build());
        assertEquals(4, computations.get(), "upstream key changed");

        Files.setLastModifiedTime(input, FileTime.from(Instant.now().minus(5, ChronoUnit.MINUTES)));
        CacheKey touched = store.key("data", "read").codeVersion("1").inputFile(input).build();
        assertEquals(upstream, touched, "only the mtime changed");
        normalize(base.get().codeVersion("1").input(touched).build());
        assertEquals(4, computations.get(), "touching the input file is not a change");

        Files.writeString(input, "g,c\n1,3\n");
        CacheKey edited = store.key("data", "read").codeVersion("1").inputFile(input).build();
        normalize(base.get().codeVersion("1").input(edited).build());
        assertEquals(5, computations.get(), "input file content changed");
    }

    @Test
    void metadataDescribesTheEntry() throws IOException {
        CacheKey up = store.key("data", "read").codeVersion("1").build();
        CacheKey key = store.key("preprocess", "normalize_total").codeVersion("7").param("target_sum", 1e4)
                .param("exclude", List.of("MT-")).input(up).build();
        store.getOrCompute(key, Section.PREPROCESS, Codecs.DOUBLE_ARRAY, () -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new double[] {1, 2};
        });
        Path meta = dir.resolve("preprocess").resolve(key.hex() + ".json");
        Path data = dir.resolve("preprocess").resolve(key.hex() + ".bin");
        JsonNode json = new ObjectMapper().readTree(meta.toFile());
        assertEquals(key.hex(), json.get("key").asText());
        assertEquals("preprocess", json.get("section").asText());
        assertEquals("preprocess", json.get("kind").asText());
        assertEquals("normalize_total", json.get("name").asText());
        assertEquals("7", json.get("codeVersion").asText());
        assertEquals(1e4, json.get("params").get("target_sum").asDouble());
        assertEquals("MT-", json.get("params").get("exclude").get(0).asText());
        assertEquals(up.hex(), json.get("inputs").get(0).get("key").asText());
        assertEquals("double[]", json.get("codec").asText());
        assertEquals(Files.size(data), json.get("dataBytes").asLong());
        assertEquals(4 + 16, json.get("valueBytes").asLong());
        assertTrue(json.get("checksum").asText().matches("xxh64:[0-9a-f]{16}"));
        assertTrue(json.get("computeMillis").asLong() >= 30);
        Instant created = Instant.parse(json.get("created").asText());
        assertTrue(created.isAfter(Instant.now().minusSeconds(60)));

        CacheEntry entry = store.entry(key).orElseThrow();
        assertEquals(Section.PREPROCESS, entry.section());
        assertEquals(Files.size(data) + Files.size(meta), entry.diskBytes());
        assertEquals(List.of(entry), store.entries(Section.PREPROCESS));
        assertEquals(List.of(), store.entries(Section.MODEL));
        try (Stream<Path> files = Files.list(dir.resolve("preprocess"))) {
            assertEquals(List.of(data.getFileName().toString(), meta.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
        assertTrue(Files.exists(dir.resolve("CACHEDIR.TAG")));
        try (Stream<Path> locks = Files.list(dir.resolve("locks"))) {
            assertEquals(0, locks.count(), "lock files are removed when released");
        }
    }

    @Test
    void hitsRecordComputeTimeSavedAndLastUse() throws IOException {
        CacheKey key = store.key("model", "fit").codeVersion("1").build();
        store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "fitted");
        Path meta = dir.resolve("model").resolve(key.hex() + ".json");
        long stored = new ObjectMapper().readTree(meta.toFile()).get("computeMillis").asLong();
        FileTime old = FileTime.from(Instant.now().minus(3, ChronoUnit.DAYS));
        Files.setLastModifiedTime(meta, old);

        CacheStore run2 = CacheStore.open(dir, listener);
        assertEquals("fitted", run2.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "again"));
        assertEquals("fitted", run2.get(key, Codecs.STRING).orElseThrow());
        CacheStats.Snapshot s = run2.stats().snapshot();
        assertEquals(2, s.hits());
        assertEquals(0, s.misses());
        assertEquals(2 * stored, s.savedMillis());
        assertEquals(2 * Files.size(dir.resolve("model").resolve(key.hex() + ".bin")), s.bytesRead());
        assertTrue(Files.getLastModifiedTime(meta).compareTo(old) > 0, "a hit marks the entry as used");
    }

    @Test
    void anEntryIsFoundWhateverSectionTheCallerNames() {
        CacheKey key = store.key("cluster", "leiden").codeVersion("1").build();
        store.getOrCompute(key, Section.CLUSTER, Codecs.INT_ARRAY, () -> new int[] {1});
        assertArrayEquals(new int[] {1}, store.getOrCompute(key, Section.MODEL, Codecs.INT_ARRAY, () -> new int[] {2}));
        assertEquals(List.of(), store.entries(Section.MODEL));
    }

    @Test
    void invalidateAndClear() {
        CacheKey a = store.key("cluster", "a").codeVersion("1").build();
        CacheKey b = store.key("cluster", "b").codeVersion("1").build();
        CacheKey c = store.key("model", "c").codeVersion("1").build();
        store.getOrCompute(a, Section.CLUSTER, Codecs.STRING, () -> "a");
        store.getOrCompute(b, Section.CLUSTER, Codecs.STRING, () -> "b");
        store.getOrCompute(c, Section.MODEL, Codecs.STRING, () -> "c");
        assertTrue(store.invalidate(a));
        assertFalse(store.invalidate(a));
        assertFalse(store.contains(a));
        assertEquals("a2", store.getOrCompute(a, Section.CLUSTER, Codecs.STRING, () -> "a2"));
        assertEquals(2, store.clear(Section.CLUSTER));
        assertFalse(store.contains(b));
        assertTrue(store.contains(c));
        assertEquals(1, store.entries().size());
        assertTrue(store.get(b, Codecs.STRING).isEmpty());
    }

    @Test
    void entryOfAnotherCodecIsReplacedNotMisread() {
        CacheKey key = store.key("features", "hvg").codeVersion("1").build();
        store.getOrCompute(key, Section.FEATURES, Codecs.INT_ARRAY, () -> new int[] {1, 2});
        assertTrue(store.get(key, Codecs.STRING).isEmpty(), "get with another codec: nothing");
        assertTrue(store.contains(key), "and the entry is left alone");
        assertEquals("now a string", store.getOrCompute(key, Section.FEATURES, Codecs.STRING, () -> "now a string"));
        assertEquals("now a string", store.get(key, Codecs.STRING).orElseThrow());
        assertEquals(List.of(), listener.corrupt, "a codec change is not corruption");
    }

    @Test
    void failedComputationStoresNothingAndTheNextCallComputes() {
        CacheKey key = store.key("model", "fit").codeVersion("1").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> {
                    throw new IllegalStateException("did not converge");
                }));
        assertEquals("did not converge", e.getMessage());
        assertFalse(store.contains(key));
        assertEquals("ok", store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "ok"));
    }

    @Test
    void nullValuesAndRecursionAreRefused() {
        CacheKey key = store.key("model", "fit").codeVersion("1").build();
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> null));
        assertTrue(npe.getMessage().contains("returned null"), npe.getMessage());
        IllegalStateException recursive = assertThrows(IllegalStateException.class,
                () -> store.getOrCompute(key, Section.MODEL, Codecs.STRING,
                        () -> store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "inner")));
        assertTrue(recursive.getMessage().contains("recursive cache computation"), recursive.getMessage());
        assertFalse(store.contains(key));
        CacheKey outer = store.key("model", "outer").codeVersion("1").build();
        assertEquals("inner+outer", store.getOrCompute(outer, Section.MODEL, Codecs.STRING,
                () -> store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "inner") + "+outer"),
                "nesting other keys is fine");
    }

    @Test
    void aValueThatCannotBeStoredIsStillReturnedAndReported() throws IOException {
        Path model = dir.resolve("model");
        Files.delete(model);
        Files.writeString(model, "not a directory"); // writes into the section now fail
        CacheKey key = store.key("model", "fit").codeVersion("1").build();
        assertEquals("fitted", store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "fitted"));
        assertEquals(1, listener.writeFailures.size());
        assertEquals(1, store.stats().snapshot().writeFailures());
        assertFalse(store.contains(key));
        assertTrue(store.stats().summaryLine().contains("1 value not stored"), store.stats().summaryLine());
    }

    @Test
    void disabledStoreAlwaysComputes() {
        CacheStore off = CacheStore.disabled();
        CacheKey key = off.key("model", "fit").codeVersion("1").build();
        assertEquals("a", off.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "a"));
        assertEquals("b", off.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "b"));
        assertFalse(off.contains(key));
        assertTrue(off.get(key, Codecs.STRING).isEmpty());
        assertFalse(off.enabled());
        assertTrue(off.dir().isEmpty());
        CacheStats.Snapshot s = off.stats().snapshot();
        assertEquals(0, s.hits());
        assertEquals(2, s.misses());
        assertTrue(off.stats().summaryLine().startsWith("cache: disabled; 2 computations took "),
                off.stats().summaryLine());
    }

    @Test
    void aFileInTheWayOfTheCacheDirectoryIsAClearError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> CacheStore.open(file));
        assertTrue(e.getMessage().contains(file + " exists and is not a directory"), e.getMessage());
    }

    @Test
    void statsSnapshotIsJsonForARunManifest() throws IOException {
        CacheKey key = store.key("model", "fit").codeVersion("1").build();
        store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "x");
        store.getOrCompute(key, Section.MODEL, Codecs.STRING, () -> "x");
        ObjectMapper json = new ObjectMapper();
        JsonNode node = json.readTree(json.writeValueAsString(store.stats().snapshot()));
        assertEquals(1, node.get("hits").asLong());
        assertEquals(1, node.get("misses").asLong());
        assertTrue(node.get("enabled").asBoolean());
        assertEquals(store.stats().snapshot(), json.readValue(json.writeValueAsString(store.stats().snapshot()),
                CacheStats.Snapshot.class));
        String line = store.stats().summaryLine();
        assertTrue(line.startsWith("cache: 1 hit, 1 miss (50% hits); read "), line);
        assertTrue(line.contains("wrote ") && line.contains("saved "), line);
    }

    @Test
    void returnedMissValueIsTheComputedObject() {
        double[] v = {1};
        CacheKey key = store.key("model", "same").codeVersion("1").build();
        assertSame(v, store.getOrCompute(key, Section.MODEL, Codecs.DOUBLE_ARRAY, () -> v));
    }

    @Test
    void mapOfNamedValuesForOneCell() {
        CacheKey cell = store.key("cell", "cell-3").codeVersion("source-sha").build();
        Map<String, Object> out = store.getOrCompute(cell, Section.CELLS, Codecs.defaults().map(),
                () -> Map.of("n_cells", 2700, "genes", List.of("CD3E")));
        assertEquals(2700, out.get("n_cells"));
        Map<String, Object> again = CacheStore.open(dir).get(cell, Codecs.defaults().map()).orElseThrow();
        assertEquals(Map.of("n_cells", 2700, "genes", List.of("CD3E")), again);
    }
}
