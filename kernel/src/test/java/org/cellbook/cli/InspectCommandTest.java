package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.env.Project;
import org.cellbook.core.io.ContigReader;
import org.cellbook.core.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    private static String[] run(String... args) {
        var cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void summarisesExpressionInputsWithTheReadersNumbers() {
        Path real = Project.sharedRealData().resolve("scanpy-10x");
        for (Path p : new Path[] {real.resolve("3.0.0/filtered_feature_bc_matrix"), real.resolve("3.0.0/filtered_feature_bc_matrix.h5")}) {
            AnnData a = Readers.read(p);
            String[] r = run("inspect", p.toString());
            assertEquals("0", r[0], r[2]);
            assertTrue(r[1].contains(String.format(Locale.ROOT, "cells: %,d", a.nObs())), r[1]);
            assertTrue(r[1].contains(String.format(Locale.ROOT, "genes: %,d", a.nVars())), r[1]);
            assertTrue(r[1].contains(String.format(Locale.ROOT, "non-zeros: %,d", ((CsrMatrix) a.x()).nnz())), r[1]);
        }
    }

    @Test
    void summarisesContigsAndSyntheticCohorts(@TempDir Path dir) {
        Path contigs = Project.sharedRealData().resolve("djvdj-splen/BL6_TCR/filtered_contig_annotations.csv.gz");
        String[] r = run("inspect", contigs.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains(String.format(Locale.ROOT, "contigs: %,d", ContigReader.read(contigs).contigs().size())), r[1]);

        String[] synth = run("synth", "--preset", "demo", "--out", dir.resolve("c").toString());
        assertEquals("0", synth[0], synth[2]);
        String[] sheet = run("inspect", dir.resolve("c/samples.csv").toString());
        assertEquals("0", sheet[0], sheet[2]);
        assertTrue(sheet[1].contains("per sample:") && sheet[1].contains("with TCR") && sheet[1].contains("TCR coverage"), sheet[1]);
    }

    @Test
    void missingPathIsAnInputError() {
        String[] r = run("inspect", "/no/such/input");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("/no/such/input"), r[2]);
    }
}
