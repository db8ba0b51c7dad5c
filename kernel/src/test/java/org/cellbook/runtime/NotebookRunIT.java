package org.cellbook.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.cli.Main;
import org.cellbook.core.env.Project;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.core.provenance.RunManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cellbook demo} and {@code cellbook run} end to end, in-process, on a tiny synthetic cohort:
 * the TCR-response notebook twice (second run replayed from the cache with identical outputs), the
 * executed notebook checked with Python's nbformat, the manifest and report; and the failure exits.
 */
class NotebookRunIT {
    private static final Path NOTEBOOK = Project.root().resolve("notebooks/tcr-response/tcr-response.ipynb");
    private static final Path CONFIG = Project.root().resolve("notebooks/tcr-response/config.yaml");

    record Run(int exit, String out, String err) {
    }

    static Run cellbook(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] demo(Path out) {
        return new String[] {"demo", "--out", out.toString(), "--cells-per-sample", "60", "--genes", "600",
                "-p", "preprocess.n_top_genes=200", "-p", "preprocess.n_pcs=10", "--executor", "threads", "--workers", "2"};
    }

    @Test
    void demoRunsTwiceAndTheSecondRunIsServedFromTheCache(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("demo");
        Run first = cellbook(demo(out));
        assertEquals(0, first.exit(), first.err() + first.out());
        Notebook nb1 = Notebook.read(out.resolve("tcr-response.executed.ipynb"));
        RunManifest m1 = RunManifests.read(out.resolve("manifest.json"));

        Run second = cellbook(demo(out));
        assertEquals(0, second.exit(), second.err() + second.out());
        Notebook nb2 = Notebook.read(out.resolve("tcr-response.executed.ipynb"));
        RunManifest m2 = RunManifests.read(out.resolve("manifest.json"));

        assertEquals("succeeded", m1.status());
        assertEquals("succeeded", m2.status());
        List<RunManifest.StepRecord> tasks1 = m1.steps().stream().filter(s -> s.id().startsWith("fold_task:")).toList();
        assertFalse(tasks1.isEmpty(), "the first run records its fold tasks");
        assertTrue(tasks1.stream().noneMatch(RunManifest.StepRecord::cacheHit), "first run computes every fold task");
        List<RunManifest.StepRecord> steps1 = m1.steps().stream()
                .filter(s -> !s.id().startsWith("cell ") && !s.id().startsWith("fold_task:")).toList();
        List<RunManifest.StepRecord> steps2 = m2.steps().stream()
                .filter(s -> !s.id().startsWith("cell ") && !s.id().startsWith("fold_task:")
                        && !s.id().equals(NotebookRun.REPLAY_STEP)).toList();
        assertFalse(steps1.isEmpty());
        assertTrue(steps1.stream().noneMatch(RunManifest.StepRecord::cacheHit), "first run computes every step");
        assertEquals(steps1.size(), steps2.size());
        assertTrue(steps2.stream().allMatch(RunManifest.StepRecord::cacheHit), "second run: every step a cache hit");
        assertTrue(second.out().contains("served from the cache"), second.out());
        assertTrue(m2.steps().stream().anyMatch(s -> s.id().equals(NotebookRun.REPLAY_STEP)),
                "nothing changed: the second run is replayed");

        List<Notebook.Cell> cells1 = nb1.cells();
        List<Notebook.Cell> cells2 = nb2.cells();
        assertEquals(cells1.size(), cells2.size());
        int cellsWithSteps = 0;
        for (int i = 0; i < cells1.size(); i++) {
            Notebook.Cell a = cells1.get(i);
            Notebook.Cell b = cells2.get(i);
            if (!a.isCode()) {
                continue;
            }
            assertEquals(a.outputs(), b.outputs(), "outputs of cell " + i + " differ between the runs");
            assertTrue(a.executionCount().isInt(), "cell " + i + " has an execution count");
            JsonNode meta2 = b.metadata().path("cellbook");
            assertTrue(meta2.has("seconds"), "cell " + i + " has its time");
            if (meta2.path("steps").asInt() > 0) {
                cellsWithSteps++;
                assertTrue(meta2.path("cache_hit").asBoolean(), "cell " + i + " is marked cached on the second run");
                assertFalse(a.metadata().path("cellbook").path("cache_hit").asBoolean(), "cell " + i + " computed on the first run");
            }
            assertTrue(b.outputs().findValues("output_type").stream().noneMatch(t -> t.asText().equals("error")));
        }
        assertTrue(cellsWithSteps >= 4, "load, qc, preprocess and CV cells run steps");

        PythonEnv.Result check = PythonEnv.project().runScript("""
                import sys, nbformat
                for path in sys.argv[1:]:
                    nbformat.validate(nbformat.read(path, as_version=4))
                print("ok")
                """, out.resolve("tcr-response.executed.ipynb").toString(), NOTEBOOK.toString());
        assertEquals(0, check.exitCode(), check.stderr());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "report embeds the plots");
        assertTrue(html.contains("<table"), "report has the metric tables");
        assertTrue(html.contains("from cache"), "report marks cached cells");
        assertTrue(Files.size(out.resolve("results/cv_metrics.csv")) > 0);
        assertTrue(Files.readString(out.resolve("results/cv_pooled_metrics.csv")).startsWith("model,feature_set,level"));
        assertTrue(m2.outputs().stream().anyMatch(f -> f.path().endsWith("cv_metrics.csv")));
    }

    @Test
    void aFailingCellStopsTheRunWithExit1AndTheManifestRecordsIt(@TempDir Path tmp) {
        Notebook nb = Notebook.create("cellbook-java", "java");
        nb.appendCode("int x = 1;\nSystem.out.println(\"x=\" + x);");
        nb.appendCode("// the failing step\nthrow new IllegalStateException(\"boom\");");
        nb.appendCode("int y = 2;");
        Path in = tmp.resolve("fails.ipynb");
        nb.write(in);
        Path output = tmp.resolve("fails.out.ipynb");
        Run r = cellbook("run", in.toString(), "--output", output.toString(), "--no-cache");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cell 1 (// the failing step)"), r.err());
        assertTrue(r.err().contains("boom"), r.err());
        Notebook executed = Notebook.read(output);
        assertEquals("stream", executed.cells().get(0).outputs().get(0).path("output_type").asText());
        assertEquals("x=1\n", executed.cells().get(0).outputs().get(0).path("text").asText());
        assertEquals("error", executed.cells().get(1).outputs().get(0).path("output_type").asText());
        assertTrue(executed.cells().get(2).executionCount().isNull(), "cells after the failure do not run");
        RunManifest m = RunManifests.read(tmp.resolve("fails.out.manifest.json"));
        assertEquals("failed", m.status());
        assertNotNull(m.failure());
        assertTrue(m.failure().where().startsWith("cell 1"), m.failure().where());
        assertTrue(m.failure().message().contains("boom"));
    }

    @Test
    void anUndeclaredParameterIsExit2NamingIt(@TempDir Path tmp) {
        Run r = cellbook("run", NOTEBOOK.toString(), "-f", CONFIG.toString(), "-p", "nPatientz=3",
                "--output", tmp.resolve("x.ipynb").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("nPatientz"), r.err());
        assertTrue(r.err().contains("configPath"), "lists the declared parameters: " + r.err());
    }

    @Test
    void aBadConfigOverrideIsExit2NamingTheKey(@TempDir Path tmp) {
        Run r = cellbook("run", NOTEBOOK.toString(), "-f", CONFIG.toString(), "-p", "qc.min_genez=3",
                "--output", tmp.resolve("x.ipynb").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("min_genez"), r.err());
    }

    @Test
    void aMissingDataPathIsExit2NamingItAndTheManifestRecordsIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("nowhere/samples.csv");
        Path output = tmp.resolve("x.ipynb");
        Run r = cellbook("run", NOTEBOOK.toString(), "-f", CONFIG.toString(), "-p", "data.sample_sheet=" + missing,
                "--output", output.toString(), "--cache-dir", tmp.resolve("cache").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("data.sample_sheet"), r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
        RunManifest m = RunManifests.read(tmp.resolve("x.manifest.json"));
        assertEquals("failed", m.status());
        assertTrue(m.failure().message().contains("data.sample_sheet"));
    }
}
