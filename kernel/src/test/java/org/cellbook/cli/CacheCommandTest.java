package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cellbook.cache.CacheEntry;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Codecs;
import org.cellbook.cache.Section;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cellbook cache ...} run in-process against a cache in a temporary directory. */
class CacheCommandTest {
    @TempDir
    Path tmp;

    private Path dir;
    private CacheKey normalize;
    private CacheKey leiden;
    private CacheKey fit;

    private record Run(int exit, String out, String err) {
    }

    private Run cellbook(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run cache(String... args) {
        List<String> all = new ArrayList<>(List.of("cache"));
        all.addAll(List.of(args));
        all.addAll(List.of("--cache-dir", dir.toString()));
        return cellbook(all.toArray(String[]::new));
    }

    @BeforeEach
    void threeEntries() {
        dir = tmp.resolve("cache");
        CacheStore store = CacheStore.open(dir);
        normalize = store.key("preprocess", "normalize_total").codeVersion("1").param("target_sum", 1e4).build();
        leiden = store.key("cluster", "leiden").codeVersion("1").param("resolution", 0.5).build();
        fit = store.key("model", "xgboost").codeVersion("1").build();
        Random r = new Random(1);
        store.getOrCompute(normalize, Section.PREPROCESS, Codecs.DOUBLE_ARRAY, () -> r.doubles(50_000).toArray());
        store.getOrCompute(leiden, Section.CLUSTER, Codecs.INT_ARRAY, () -> r.ints(50_000).toArray());
        store.getOrCompute(fit, Section.MODEL, Codecs.BYTE_ARRAY, () -> new byte[10]);
    }

    private long entryBytes(CacheKey key) {
        return CacheStore.open(dir).entry(key).map(CacheEntry::diskBytes).orElseThrow();
    }

    @Test
    void lsListsEntriesWithNamesAndSizes() {
        Run run = cache("ls");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("KEY") && run.out().contains("LAST USED"), run.out());
        assertTrue(run.out().contains(normalize.hex().substring(0, 12)), run.out());
        assertTrue(run.out().contains("preprocess/normalize_total"), run.out());
        assertTrue(run.out().contains("cluster/leiden"), run.out());
        assertTrue(run.out().contains("model/xgboost"), run.out());
        assertTrue(run.out().contains("3 entries"), run.out());
        assertTrue(run.out().contains(" KiB"), "human-readable sizes: " + run.out());

        Run only = cache("ls", "--section", "cluster");
        assertEquals(0, only.exit());
        assertTrue(only.out().contains("cluster/leiden") && !only.out().contains("normalize_total"), only.out());
        assertTrue(only.out().contains("1 entry,"), only.out());
    }

    @Test
    void cacheDirComesFromTheOptionBeforeTheSubcommandToo() {
        Run run = cellbook("cache", "ls", "--cache-dir", tmp.resolve("elsewhere").toString());
        assertEquals(0, run.exit());
        assertEquals("no cache at " + tmp.resolve("elsewhere") + System.lineSeparator(), run.out());
        assertFalse(Files.exists(tmp.resolve("elsewhere")), "looking creates nothing");
    }

    @Test
    void unknownSectionIsAUsageError() {
        Run run = cache("ls", "--section", "models");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("parameter '--section': unknown cache section 'models'"), run.err());
        assertTrue(run.err().contains("data, preprocess, features, cluster, model, cells"), run.err());
        Run clear = cache("clear", "modle");
        assertEquals(2, clear.exit());
        assertTrue(CacheStore.open(dir).contains(fit), "nothing cleared on a typo");
    }

    @Test
    void statsSumsPerSection() {
        Run run = cache("stats");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("cache " + dir), run.out());
        String preprocess = run.out().lines().filter(l -> l.startsWith("preprocess")).findFirst().orElseThrow();
        assertTrue(preprocess.matches("preprocess\\s+1\\s+.*"), preprocess);
        String total = run.out().lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
        assertTrue(total.matches("total\\s+3\\s+.*"), total);
        assertTrue(total.contains("KiB"), total);
    }

    @Test
    void clearRemovesTheNamedSectionsOrEverything() {
        Run some = cache("clear", "preprocess", "cluster");
        assertEquals(0, some.exit(), some.err());
        assertTrue(some.out().startsWith("removed 2 entries ("), some.out());
        assertTrue(some.out().contains("from preprocess, cluster"), some.out());
        CacheStore store = CacheStore.open(dir);
        assertFalse(store.contains(normalize));
        assertFalse(store.contains(leiden));
        assertTrue(store.contains(fit));

        Run all = cache("clear");
        assertEquals(0, all.exit());
        assertTrue(all.out().startsWith("removed 1 entry ("), all.out());
        assertEquals(List.of(), CacheStore.open(dir).entries());
    }

    @Test
    void clearStepRemovesOnlyThatStepsEntries() {
        CacheStore store = CacheStore.open(dir);
        CacheKey logregFold = store.key("fold_task", "gene_pca/logreg/fold-00-P1").codeVersion("1").build();
        CacheKey rfFold = store.key("fold_task", "gene_pca/random_forest/fold-00-P1").codeVersion("1").build();
        store.getOrCompute(logregFold, Section.MODEL, Codecs.BYTE_ARRAY, () -> new byte[3]);
        store.getOrCompute(rfFold, Section.MODEL, Codecs.BYTE_ARRAY, () -> new byte[3]);

        Run run = cache("clear", "--step", "leiden");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("removed 1 entry of step leiden"), run.out());
        CacheStore after = CacheStore.open(dir);
        assertFalse(after.contains(leiden));
        assertTrue(after.contains(normalize) && after.contains(fit) && after.contains(logregFold));

        run = cache("clear", "--step", "logreg");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("removed 1 entry"), run.out());
        assertFalse(CacheStore.open(dir).contains(logregFold));
        assertTrue(CacheStore.open(dir).contains(rfFold));

        run = cache("clear", "--step", "normalize_total", "data"); // restricted to a section it is not in
        assertTrue(run.out().contains("removed 0 entries"), run.out());
        assertTrue(CacheStore.open(dir).contains(normalize));
    }

    @Test
    void stepNamesMatchWholeNamesPrefixesAndParts() {
        assertTrue(CacheCommand.Clear.matchesStep("pca", "pca"));
        assertFalse(CacheCommand.Clear.matchesStep("pca", "pc"));
        assertTrue(CacheCommand.Clear.matchesStep("gene_pca/logreg/fold-01-P2", "gene_pca/logreg"));
        assertTrue(CacheCommand.Clear.matchesStep("gene_pca/logreg/fold-01-P2", "logreg"));
        assertFalse(CacheCommand.Clear.matchesStep("gene_pca/logreg/fold-01-P2", "log"));
    }

    @Test
    void blankStepIsAUsageError() {
        Run run = cache("clear", "--step", " ");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--step"), run.err());
        assertTrue(CacheStore.open(dir).contains(leiden));
    }

    @Test
    void verifyPassesOnAnIntactCache() {
        Run run = cache("verify");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("checked 3 entries: all intact"), run.out());
    }

    @Test
    void verifyQuarantinesACorruptEntryAndFails() throws IOException {
        Path data = dir.resolve("cluster").resolve(leiden.hex() + ".bin");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x40);
        }
        Path stale = Files.writeString(dir.resolve("model").resolve("." + "ab".repeat(32) + ".bin.5.tmp"), "x");

        Run run = cache("verify");
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("BAD " + leiden.hex().substring(0, 12) + " cluster: checksum mismatch"), run.out());
        assertTrue(run.out().contains("1 corrupt, quarantined"), run.out());
        assertTrue(run.out().contains("removed 1 stale temporary file "), run.out());
        assertFalse(Files.exists(stale));
        assertFalse(CacheStore.open(dir).contains(leiden));
        assertTrue(Files.list(dir.resolve("quarantine")).findAny().isPresent());

        Run stats = cache("stats");
        assertTrue(stats.out().contains("quarantine: 2 files"), stats.out());

        Run again = cache("verify");
        assertEquals(0, again.exit(), again.out());
        assertTrue(again.out().contains("checked 2 entries: all intact"), again.out());
    }

    @Test
    void pruneKeepsTheLimitEvictingLeastRecentlyUsed() throws IOException {
        // normalize was used long ago, leiden recently, fit in between.
        touch(normalize, Section.PREPROCESS, 60);
        touch(fit, Section.MODEL, 30);
        touch(leiden, Section.CLUSTER, 1);
        long limit = entryBytes(leiden) + entryBytes(fit); // normalize must go
        Run run = cache("prune", "--max-size", Long.toString(limit));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("evicted 1 entry ("), run.out());
        CacheStore store = CacheStore.open(dir);
        assertFalse(store.contains(normalize));
        assertTrue(store.contains(leiden) && store.contains(fit));

        Run big = cache("prune", "--max-size", "2G");
        assertTrue(big.out().startsWith("evicted 0 entries (0 B); cache now "), big.out());
        assertTrue(big.out().contains("(limit 2.0 GiB)"), big.out());
    }

    private void touch(CacheKey key, Section section, int minutesAgo) throws IOException {
        Files.setLastModifiedTime(dir.resolve(section.dirName()).resolve(key.hex() + ".json"),
                FileTime.from(Instant.now().minus(minutesAgo, ChronoUnit.MINUTES)));
    }

    @Test
    void badSizesAreUsageErrors() {
        Run run = cache("prune", "--max-size", "500X");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("parameter '--max-size': size '500X' is not understood"), run.err());
        Run missing = cellbook("cache", "prune", "--cache-dir", dir.toString());
        assertEquals(2, missing.exit(), "picocli: required option");
        assertTrue(missing.err().contains("--max-size"), missing.err());
        assertEquals(3, CacheStore.open(dir).entries().size());
    }

    @Test
    void cacheDirThatIsAFileIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Run run = cellbook("cache", "stats", "--cache-dir", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(file + " is not a directory"), run.err());
    }

    @Test
    void helpListsTheSubcommands() {
        Run run = cellbook("cache", "--help");
        assertEquals(0, run.exit());
        for (String sub : List.of("ls", "stats", "clear", "verify", "prune")) {
            assertTrue(run.out().contains("  " + sub + " "), run.out());
        }
        assertTrue(cellbook("--help").out().contains("cache"));
    }
}
