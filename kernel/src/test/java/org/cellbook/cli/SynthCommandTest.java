package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellbook.core.io.SampleSheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static final String[] SMALL = {"--preset", "demo", "--patients", "2", "--cells-per-sample", "60",
            "--genes", "400"};

    private Run synth(Path dir, String... extra) {
        String[] args = new String[SMALL.length + 3 + extra.length];
        args[0] = "synth";
        System.arraycopy(SMALL, 0, args, 1, SMALL.length);
        args[SMALL.length + 1] = "--out";
        args[SMALL.length + 2] = dir.toString();
        System.arraycopy(extra, 0, args, SMALL.length + 3, extra.length);
        return run(args);
    }

    @Test
    void writesACohortWithOneProgressLinePerSample() {
        Path dir = tmp.resolve("cohort");
        Run r = synth(dir);
        assertEquals(Main.EXIT_OK, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote 4 samples, 240 cells"), r.out());
        assertEquals(5, r.err().lines().filter(l -> l.startsWith("synth: ")).count(), r.err());
        SampleSheet sheet = SampleSheet.read(dir.resolve("samples.csv"));
        assertEquals(4, sheet.samples().size());
    }

    @Test
    void optionsOverrideThePresetAndTheSeedIsReproducible() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(Main.EXIT_OK, synth(a, "--seed", "5", "--threads", "1").exit());
        assertEquals(Main.EXIT_OK, synth(b, "--seed", "5", "--threads", "2").exit());
        String m = "P02_on/filtered_feature_bc_matrix/matrix.mtx.gz";
        assertArrayEquals(Files.readAllBytes(a.resolve(m)), Files.readAllBytes(b.resolve(m)));
        assertTrue(Files.readString(a.resolve("synth.json")).contains("\"cells_per_sample\" : 60"));
    }

    @Test
    void badParameterIsAUsageErrorNamingTheOption() {
        Run r = run("synth", "--patients", "1", "--out", tmp.resolve("x").toString());
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("parameter '--patients'"), r.err());
    }

    @Test
    void unknownPresetIsAUsageError() {
        Run r = run("synth", "--preset", "tiny", "--out", tmp.resolve("x").toString());
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("unknown preset 'tiny'"), r.err());
    }

    @Test
    void missingOutIsAUsageError() {
        Run r = run("synth", "--preset", "demo");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("--out"), r.err());
    }

    @Test
    void existingCohortNeedsForce() {
        Path dir = tmp.resolve("cohort");
        assertEquals(Main.EXIT_OK, synth(dir).exit());
        Run again = synth(dir);
        assertEquals(Main.EXIT_USAGE, again.exit());
        assertTrue(again.err().contains("is not empty"), again.err());
        assertEquals(Main.EXIT_OK, synth(dir, "--force").exit());
    }
}
