package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cellbook.cli.Main;
import org.cellbook.core.env.Project;
import org.cellbook.runtime.Notebook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cellbook parity} end to end on the toy pair in test resources (kernel/src/test/resources/parity):
 * the Python original on a real python3 kernel through nbclient, the Java port in this JVM. The pair
 * agrees (with a parameter passed to both), a second run reuses both executed copies, a port with
 * one step perturbed fails on exactly the items downstream of that step, and an expression that
 * fails is reported for its item only.
 */
class ParityIT {
    private static final Path TOY = Project.root().resolve("kernel/src/test/resources/parity");

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

    private static Path copyToy(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of("toy-original.ipynb", "toy-port.ipynb", "toy-parity.yaml")) {
            Files.copy(TOY.resolve(f), dir.resolve(f));
        }
        return dir.resolve("toy-parity.yaml");
    }

    private static Run parity(Path spec, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("parity", "--spec", spec.toString(),
                "--report", out.resolve("report.html").toString(), "--json", out.resolve("report.json").toString()));
        args.addAll(List.of(extra));
        return cellbook(args.toArray(String[]::new));
    }

    @Test
    void toyPairAgreesAndASecondRunReusesBothExecutedCopies(@TempDir Path tmp) throws IOException {
        Path spec = copyToy(tmp.resolve("toy"));
        Path out = tmp.resolve("out");
        Run first = parity(spec, out, "-p", "n_cells=96");
        assertEquals(0, first.exit(), first.err() + first.out());
        ParityReport r = ParityReport.readJson(out.resolve("report.json"));
        assertEquals(12, r.items().size());
        assertTrue(r.ok());
        assertFalse(r.original().reused());
        ParityReport.ItemResult shape = r.items().get(0);
        assertEquals("array [2], mean 54, first [96, 12]", shape.originalSummary(), "the parameter reached the original");
        assertEquals(shape.originalSummary(), shape.portSummary(), "and the port");
        String html = Files.readString(out.resolve("report.html"));
        for (ParityReport.ItemResult i : r.items()) {
            assertTrue(html.contains(">" + i.id() + "<"), i.id());
        }
        Set<String> kinds = r.items().stream().map(i -> i.comparison().replaceFirst("\\(.*", "")).collect(Collectors.toSet());
        assertEquals(Set.of("identical", "allclose", "set", "ari", "allclose_up_to_sign", "metric_delta", "table"), kinds);
        assertTrue(Files.isRegularFile(out.resolve("parity-work/original.executed.ipynb")));
        assertTrue(Files.isRegularFile(out.resolve("parity-work/port.executed.ipynb")));
        // The notebooks themselves are not touched.
        assertEquals(Files.readString(TOY.resolve("toy-original.ipynb")), Files.readString(spec.resolveSibling("toy-original.ipynb")));

        Run second = parity(spec, out, "-p", "n_cells=96");
        assertEquals(0, second.exit(), second.err() + second.out());
        ParityReport again = ParityReport.readJson(out.resolve("report.json"));
        assertTrue(again.original().reused() && again.port().reused(), second.err());
        assertTrue(second.err().contains("original: inputs unchanged, reusing"), second.err());
        assertEquals(r.items(), again.items());
    }

    @Test
    void aPerturbedPortFailsExactlyDownstreamOfTheChangedStep(@TempDir Path tmp) throws IOException {
        Path spec = copyToy(tmp.resolve("toy"));
        Path portFile = spec.resolveSibling("toy-port.ipynb");
        Notebook port = Notebook.read(portFile);
        Notebook.Cell normalise = port.cells().stream().filter(c -> c.hasTag("normalise")).findFirst().orElseThrow();
        assertTrue(normalise.source().contains("double target_sum = 1000.0;"));
        normalise.setSource(normalise.source().replace("double target_sum = 1000.0;", "double target_sum = 2000.0;"));
        port.write(portFile);

        Path out = tmp.resolve("out");
        Run run = parity(spec, out);
        assertEquals(1, run.exit(), run.err() + run.out());
        ParityReport r = ParityReport.readJson(out.resolve("report.json"));
        Set<String> failing = new TreeSet<>();
        Set<String> downstream = new TreeSet<>();
        for (ParityReport.ItemResult i : r.items()) {
            if (!i.pass()) {
                failing.add(i.id());
            }
            // Port cells run in order: every item read at or after the normalisation cell is downstream of it.
            if (Integer.parseInt(i.portCell().split(" ")[1]) >= normalise.index()) {
                downstream.add(i.id());
            }
        }
        assertEquals(6, downstream.size());
        assertEquals(downstream, failing);
        assertTrue(run.out().contains("parity: 6 of 12 items agree (FAILED)"), run.out());
        ParityReport.ItemResult totals = r.items().stream().filter(i -> i.id().equals("norm-totals")).findFirst().orElseThrow();
        assertTrue(totals.detail().contains("original 1000, port 2000"), totals.detail());
    }

    @Test
    void aFailingExpressionFailsItsItemOnly(@TempDir Path tmp) throws IOException {
        Path spec = copyToy(tmp.resolve("toy"));
        Files.writeString(spec, Files.readString(spec)
                .replace("original: {cell: 2, expr: genes}", "original: {cell: 2, expr: \"genes[100]\"}")
                .replace("port: {cell: 6, expr: mean_log}", "port: {cell: 6, expr: \"Xl[500][0]\"}"));
        Path out = tmp.resolve("out");
        Run run = parity(spec, out);
        assertEquals(1, run.exit(), run.err() + run.out());
        ParityReport r = ParityReport.readJson(out.resolve("report.json"));
        List<String> failing = r.items().stream().filter(i -> !i.pass()).map(ParityReport.ItemResult::id).toList();
        assertEquals(List.of("genes", "mean-log"), failing);
        assertTrue(r.items().get(2).detail().contains("the original's expression failed: IndexError"), r.items().get(2).detail());
        assertTrue(r.items().get(10).detail().contains("the port's expression failed: java.lang.ArrayIndexOutOfBoundsException"),
                r.items().get(10).detail());
    }
}
