package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFingerprintsTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a file whose mtime is an hour old, so it is not "racy" and enters the index. */
    private Path oldFile(String name, String content) throws IOException {
        Path f = Files.writeString(tmp.resolve(name), content);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        return f;
    }

    @Test
    void fingerprintIsTheContentSha256() throws Exception {
        Path f = oldFile("counts.mtx", "%%MatrixMarket\n1 1 1\n");
        assertEquals(sha256("%%MatrixMarket\n1 1 1\n"), FileFingerprints.uncached().sha256(f));
    }

    @Test
    void manyFilesAtOnceGiveTheKeyOfOneByOneAndAreIndexed() throws Exception {
        CacheStore store = CacheStore.open(tmp.resolve("cache"));
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            files.add(oldFile("f" + i + ".txt", "content " + i + "\n".repeat(i)));
        }
        Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(tmp.resolve("dir/a.tsv"), "x\n");
        files.add(5, tmp.resolve("dir"));
        CacheKey.Builder one = CacheKey.builder("data", "read").codeVersion("1");
        files.forEach(one::inputFile);
        CacheKey all = store.key("data", "read").codeVersion("1").inputFiles(files).build();
        assertEquals(one.build(), all, "same inputs in the same order");
        JsonNode index = JSON.readTree(tmp.resolve("cache/fingerprints.json").toFile()).get("files");
        for (Path f : files.subList(0, 5)) {
            assertTrue(index.has(f.toAbsolutePath().normalize().toString()), "indexed: " + f);
        }
    }

    @Test
    void touchingAFileDoesNotChangeItsKeyButEditingItDoes() throws Exception {
        CacheStore store = CacheStore.open(tmp.resolve("cache"));
        Path f = oldFile("in.csv", "a,b\n1,2\n");
        CacheKey before = store.key("data", "read").codeVersion("1").inputFile(f).build();

        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
        assertEquals(before, store.key("data", "read").codeVersion("1").inputFile(f).build(), "mtime only");

        Files.writeString(f, "a,b\n1,3\n"); // same size, new content
        assertNotEquals(before, store.key("data", "read").codeVersion("1").inputFile(f).build(), "content");
    }

    @Test
    void sameSizeSameMtimeEditOfARecentFileIsStillSeen() throws Exception {
        // A file modified moments ago is not trusted by size+mtime: an edit within the same
        // timestamp tick must not be missed.
        FileFingerprints index = CacheStore.open(tmp.resolve("cache")).fingerprints();
        Path f = Files.writeString(tmp.resolve("fresh.txt"), "aaaa");
        FileTime mtime = Files.getLastModifiedTime(f);
        String first = index.sha256(f);
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, mtime);
        assertNotEquals(first, index.sha256(f));
        assertEquals(sha256("bbbb"), index.sha256(f));
    }

    @Test
    void indexIsWrittenInTheCacheDirAndItsFastPathTrustsSizeAndMtime() throws Exception {
        Path cache = tmp.resolve("cache");
        Path f = oldFile("big.bin", "payload");
        String real = CacheStore.open(cache).fingerprints().sha256(f);
        Path indexFile = cache.resolve("fingerprints.json");
        assertTrue(Files.exists(indexFile));
        JsonNode entry = JSON.readTree(indexFile.toFile()).get("files").get(f.toAbsolutePath().toString());
        assertEquals(real, entry.get("sha256").asText());
        assertEquals(7, entry.get("size").asLong());

        // Plant a different hash: a store that trusts the fast path returns it without reading the file.
        String planted = "0".repeat(64);
        ObjectNode root = (ObjectNode) JSON.readTree(indexFile.toFile());
        ((ObjectNode) root.get("files").get(f.toAbsolutePath().toString())).put("sha256", planted);
        JSON.writeValue(indexFile.toFile(), root);
        assertEquals(planted, CacheStore.open(cache).fingerprints().sha256(f));

        // A new mtime (content unchanged) forces a re-hash, which repairs the entry.
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        assertEquals(real, CacheStore.open(cache).fingerprints().sha256(f));
        assertEquals(real, JSON.readTree(indexFile.toFile()).get("files").get(f.toAbsolutePath().toString())
                .get("sha256").asText());
        try (Stream<Path> files = Files.list(cache)) {
            assertFalse(files.anyMatch(AtomicFiles::isTemp), "no temporary files left behind");
        }
    }

    @Test
    void damagedIndexIsRebuilt() throws Exception {
        Path cache = tmp.resolve("cache");
        CacheStore.open(cache);
        Files.writeString(cache.resolve("fingerprints.json"), "{not json");
        Path f = oldFile("x.txt", "x");
        assertEquals(sha256("x"), CacheStore.open(cache).fingerprints().sha256(f));
        assertTrue(JSON.readTree(cache.resolve("fingerprints.json").toFile()).get("files").has(f.toString()));
    }

    @Test
    void directoryFingerprintCoversNamesAndContents() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("filtered_feature_bc_matrix"));
        Files.writeString(dir.resolve("barcodes.tsv"), "AAAC-1\n");
        Files.writeString(dir.resolve("features.tsv"), "g1\n");
        FileFingerprints fp = FileFingerprints.uncached();
        String base = fp.sha256(dir);

        Path copy = Files.createDirectories(tmp.resolve("copy"));
        Files.writeString(copy.resolve("barcodes.tsv"), "AAAC-1\n");
        Files.writeString(copy.resolve("features.tsv"), "g1\n");
        assertEquals(base, fp.sha256(copy), "same tree elsewhere");

        Files.writeString(copy.resolve("matrix.mtx"), "");
        assertNotEquals(base, fp.sha256(copy), "file added");
        Files.delete(copy.resolve("matrix.mtx"));
        Files.move(copy.resolve("features.tsv"), copy.resolve("genes.tsv"));
        assertNotEquals(base, fp.sha256(copy), "file renamed");
        Files.move(copy.resolve("genes.tsv"), copy.resolve("features.tsv"));
        assertEquals(base, fp.sha256(copy), "back as it was");
        Files.writeString(copy.resolve("features.tsv"), "g2\n");
        assertNotEquals(base, fp.sha256(copy), "content edited");
    }
}
