package org.cellbook.kernel.cellcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.cellbook.cache.CacheStore;
import org.cellbook.core.env.Project;
import org.cellbook.kernel.exec.CellFailure;
import org.cellbook.kernel.exec.EvaluatorSettings;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.magic.CellRunner;
import org.cellbook.kernel.magic.Magics;
import org.cellbook.kernel.runtime.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The cell cache with a real JShell and a real store: each "session" is a fresh evaluator, as after
 * a kernel restart, sharing one cache directory. Every cell appends its letter to a file when it
 * really runs, so the tests see exactly which cells were computed.
 */
class CellCacheHookTest {
    @TempDir
    Path dir;
    private Path ran;
    private CacheStore store;
    private final List<DisplayData> displayed = new ArrayList<>();

    /** One cell's outputs: what it printed, what it displayed, and its result's MIME bundle as JSON. */
    record Outputs(String out, String err, List<String> displays, String result) {
        /** Without the cache's own note lines. */
        Outputs withoutNotes() {
            String e = err.lines().filter(l -> !l.startsWith(CellCacheHook.NOTE))
                    .map(l -> l + "\n").reduce("", String::concat);
            return new Outputs(out, e, displays, result);
        }
    }

    /** A fresh kernel-like session: evaluator, hook, magics. */
    final class Session implements AutoCloseable {
        final JavaEvaluator evaluator = new JavaEvaluator(EvaluatorSettings.defaults());
        final CellCacheHook hook = new CellCacheHook(store, "test-runtime-1");
        final CellRunner runner;

        Session() {
            evaluator.addHook(hook);
            Magics magics = new Magics();
            CellCacheMagics.register(magics, evaluator, hook);
            runner = new CellRunner(evaluator, magics);
        }

        Outputs run(String cell) throws CellFailure {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            displayed.clear();
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            JavaEvaluator.Result r;
            try {
                r = runner.run(1, cell);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            String result = r.hasValue() ? OutputCapture.toJson(Display.render(r.value())) : null;
            return new Outputs(o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
                    displayed.stream().map(OutputCapture::toJson).toList(), result);
        }

        List<Outputs> runAll(List<String> cells) throws CellFailure {
            List<Outputs> all = new ArrayList<>();
            for (String c : cells) {
                all.add(run(c));
            }
            return all;
        }

        Object get(String name) throws CellFailure {
            return evaluator.variable(name);
        }

        @Override
        public void close() {
            evaluator.close();
        }
    }

    @BeforeEach
    void setUp() {
        ran = dir.resolve("ran.txt");
        store = CacheStore.open(dir.resolve("cache"));
        Display.install(new Display.Sink() {
            @Override
            public void display(DisplayData data) {
                displayed.add(data);
            }

            @Override
            public void update(DisplayData data) {
                displayed.add(data);
            }

            @Override
            public void clear(boolean wait) {
            }

            @Override
            public void page(DisplayData data) {
            }
        }, Display.registry());
    }

    @AfterEach
    void tearDown() {
        Display.install(null, Display.registry());
    }

    /** Java that appends {@code letter} to the ran file: proof that the cell really ran. */
    private String mark(String letter) {
        return "Files.writeString(Path.of(\"" + ran.toString().replace("\\", "\\\\") + "\"), \"" + letter
                + "\", StandardOpenOption.CREATE, StandardOpenOption.APPEND);\n";
    }

    private String ranSinceLast() throws IOException {
        if (!Files.exists(ran)) {
            return "";
        }
        String s = Files.readString(ran);
        Files.delete(ran);
        return s;
    }

    private List<String> notebook(int n, String label) {
        return List.of(
                mark("a") + "int n = " + n + ";\nSystem.out.println(\"n is \" + n);   ",
                mark("b") + "double[] xs = new double[n];\nfor (int i = 0; i < n; i++) xs[i] = i * 0.5;\n"
                        + "display(html(\"<b>xs</b> has \" + xs.length));\nSystem.err.println(\"made xs\");",
                mark("c") + "String label = \"" + label + "\";",
                mark("d") + "double total = Arrays.stream(xs).sum();\ntotal",
                mark("e") + "label + \"=\" + total",
                mark("f") + "Table t = Table.create(\"t\").addColumns(tech.tablesaw.api.DoubleColumn.create(\"x\", xs));\nt");
    }

    @Test
    void anUnchangedNotebookIsServedFromTheCacheWithIdenticalResults() throws Exception {
        List<Outputs> first;
        Object[] values1;
        try (Session s = new Session()) {
            first = s.runAll(notebook(5, "sum"));
            values1 = new Object[] {s.get("n"), s.get("xs"), s.get("label"), s.get("total"), s.get("t")};
        }
        assertEquals("abcdef", ranSinceLast());
        assertTrue(first.get(1).displays().getFirst().contains("<b>xs</b> has 5"), first.get(1).toString());
        try (Session s = new Session()) {
            List<Outputs> second = s.runAll(notebook(5, "sum"));
            assertEquals("", ranSinceLast(), "every cell was served from the cache");
            for (int i = 0; i < second.size(); i++) {
                assertTrue(second.get(i).err().contains(CellCacheHook.NOTE + " served from the cache"),
                        "cell " + i + ": " + second.get(i));
                assertEquals(first.get(i).withoutNotes(), second.get(i).withoutNotes(), "cell " + i);
            }
            assertEquals(values1[0], s.get("n"));
            assertArrayEquals((double[]) values1[1], (double[]) s.get("xs"));
            assertEquals(values1[2], s.get("label"));
            assertEquals(values1[3], s.get("total"));
            assertEquals(((Table) values1[4]).print(), ((Table) s.get("t")).print());
            assertEquals(8.0, s.evaluator.evalExpression("total + 3"), "restored variables are usable");
            assertTrue(s.hook.status().contains("6 served from the cache"), s.hook.status());
        }
    }

    @Test
    void editingACellRecomputesItAndItsReadersOnly() throws Exception {
        try (Session s = new Session()) {
            s.runAll(notebook(5, "sum"));
        }
        assertEquals("abcdef", ranSinceLast());
        try (Session s = new Session()) {
            List<Outputs> out = s.runAll(notebook(5, "total"));
            assertEquals("ce", ranSinceLast(), "the label cell and the one cell reading label");
            assertTrue(out.get(4).result().contains("total=5.0"), out.get(4).result());
        }
        try (Session s = new Session()) {
            s.runAll(notebook(6, "total"));
            assertEquals("abdef", ranSinceLast(), "n changed: everything downstream of n, not label");
            assertEquals(7.5, s.get("total"));
        }
        try (Session s = new Session()) {
            s.runAll(notebook(6, "total"));
            assertEquals("", ranSinceLast());
        }
    }

    @Test
    void editingADataFileRecomputesTheCellThatReadIt() throws Exception {
        Path real = Project.sharedRealData().resolve("djvdj-splen/BL6_TCR/filtered_contig_annotations.csv.gz");
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(real))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(21).toList();
        }
        Path csv = dir.resolve("contigs.csv");
        Files.write(csv, lines);
        List<String> cells = List.of(
                mark("r") + "int contigs = ContigReader.read(Path.of(\"" + csv + "\")).size();",
                mark("s") + "int twice = contigs * 2;",
                mark("u") + "int other = 1;");
        try (Session s = new Session()) {
            s.runAll(cells);
            assertEquals(20, s.get("contigs"));
        }
        assertEquals("rsu", ranSinceLast());
        try (Session s = new Session()) {
            s.runAll(cells);
        }
        assertEquals("", ranSinceLast());
        Files.write(csv, lines.subList(0, 11));
        try (Session s = new Session()) {
            s.runAll(cells);
            assertEquals(10, s.get("contigs"));
            assertEquals(20, s.get("twice"));
        }
        assertEquals("rs", ranSinceLast(), "the reader cell and its downstream cell, not the unrelated one");
    }

    @Test
    void aValueWithoutACodecRunsAndSaysWhy() throws Exception {
        List<String> cells = List.of(mark("t") + "Thread worker = new Thread(() -> { });", mark("w") + "int z = 2;");
        try (Session s = new Session()) {
            List<Outputs> out = s.runAll(cells);
            assertTrue(out.get(0).err().contains(CellCacheHook.NOTE + " not cached: variable worker holds a java.lang.Thread"),
                    out.get(0).err());
        }
        try (Session s = new Session()) {
            List<Outputs> out = s.runAll(cells);
            assertFalse(out.get(0).err().contains("served from the cache"));
            assertTrue(s.get("worker") instanceof Thread);
            assertTrue(out.get(1).err().contains("served from the cache"));
        }
        assertEquals("tw" + "t", ranSinceLast());
    }

    @Test
    void nocacheCellsAndTheirReadersAlwaysRun() throws Exception {
        List<String> cells = List.of("%%nocache\n" + mark("n") + "long seed = 42;", mark("m") + "long next = seed + 1;");
        try (Session s = new Session()) {
            s.runAll(cells);
        }
        try (Session s = new Session()) {
            List<Outputs> out = s.runAll(cells);
            assertEquals(43L, s.get("next"));
            assertFalse(out.get(0).err().contains(CellCacheHook.NOTE), "a nocache cell says nothing");
        }
        assertEquals("nmnm", ranSinceLast());
    }

    @Test
    void declarationsAlwaysRunAndTheirCallersFollowThem() throws Exception {
        try (Session s = new Session()) {
            s.runAll(List.of(mark("d") + "int twice(int x) { return 2 * x; }", mark("c") + "int four = twice(2);"));
        }
        try (Session s = new Session()) {
            s.runAll(List.of(mark("d") + "int twice(int x) { return 2 * x; }", mark("c") + "int four = twice(2);"));
            assertEquals(4, s.get("four"));
        }
        assertEquals("dcd", ranSinceLast(), "the method cell runs again; its unchanged caller is served");
        try (Session s = new Session()) {
            s.runAll(List.of(mark("d") + "int twice(int x) { return 3 * x; }", mark("c") + "int four = twice(2);"));
            assertEquals(6, s.get("four"));
        }
        assertEquals("dc", ranSinceLast(), "an edited method recomputes its callers");
    }

    @Test
    void assignmentsToExistingVariablesAreRestoredToo() throws Exception {
        List<String> cells = List.of(mark("a") + "int k = 1;", mark("b") + "k += 10;", mark("c") + "int j = k * 2;");
        try (Session s = new Session()) {
            s.runAll(cells);
        }
        try (Session s = new Session()) {
            s.runAll(cells);
            assertEquals(11, s.get("k"));
            assertEquals(22, s.get("j"));
        }
        assertEquals("abc", ranSinceLast());
    }

    @Test
    void cacheMagicShowsStatusAndClears() throws Exception {
        try (Session s = new Session()) {
            s.runAll(notebook(3, "x"));
            String status = s.run("%cache status").out();
            assertTrue(status.contains("6 ran and stored"), status);
            assertTrue(status.contains("entries in section cells: 12"), status);
            assertTrue(s.run("%cache clear").out().contains("removed 12 cell entries"));
            assertTrue(s.run("%cache").out().contains("entries in section cells: 0"));
            assertTrue(assertThrowsMessage(() -> s.run("%cache frobnicate")).contains("%cache status or %cache clear"));
        }
        ranSinceLast();
        try (Session s = new Session()) {
            s.runAll(notebook(3, "x"));
        }
        assertEquals("abcdef", ranSinceLast(), "after a clear everything is computed again");
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static String assertThrowsMessage(Call c) {
        try {
            c.call();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an exception");
    }
}
