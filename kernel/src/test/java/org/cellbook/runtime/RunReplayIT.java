package org.cellbook.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.cellbook.core.env.Project;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.core.provenance.RunManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-run replay ({@link RunReplay}) through {@code cellbook run}, on a notebook that reads a real
 * contig file through pipeline-core and writes one result file: an unchanged run is replayed with
 * the same outputs, a deleted result is restored, and an edited data file, an edited cell or
 * {@code --no-replay} each mean the cells really run.
 */
class RunReplayIT {
    private static final Path CONTIGS = Project.sharedRealData().resolve("djvdj-splen/BL6_TCR/filtered_contig_annotations.csv.gz");

    @Test
    void anUnchangedRunIsReplayedAndAnyChangeRunsTheCells(@TempDir Path tmp) throws IOException {
        Path contigs = tmp.resolve("contigs.csv");
        List<String> lines = gunzipLines(CONTIGS);
        Files.write(contigs, lines);
        Path result = tmp.resolve("out/count.txt");
        Path nbPath = tmp.resolve("replay.ipynb");
        writeNotebook(nbPath, contigs, result, "contigs=");
        Path cache = tmp.resolve("cache");

        Outcome first = run(nbPath, tmp, cache);
        assertFalse(first.replayed(), "first run executes its cells");
        String counted = first.text();
        assertTrue(counted.startsWith("contigs=" + (lines.size() - 1)), counted);
        assertEquals("n=" + (lines.size() - 1), Files.readString(result));

        Outcome second = run(nbPath, tmp, cache);
        assertTrue(second.replayed(), "nothing changed: replayed");
        assertEquals(first.notebook().cells().get(1).outputs(), second.notebook().cells().get(1).outputs());
        assertEquals(first.manifest().runId(), second.notebook().metadata().path("cellbook").path("replayed_from").asText());
        assertTrue(second.manifest().outputs().stream().anyMatch(f -> f.path().endsWith("count.txt")),
                "the replayed run's manifest lists the restored result");

        Files.delete(result);
        Outcome third = run(nbPath, tmp, cache);
        assertTrue(third.replayed());
        assertEquals("n=" + (lines.size() - 1), Files.readString(result), "a deleted result file is restored");

        Outcome forced = run(nbPath, tmp, cache, "--no-replay");
        assertFalse(forced.replayed(), "--no-replay runs the cells");
        assertEquals(counted, forced.text());

        Files.write(contigs, lines.subList(0, lines.size() - 1)); // one contig fewer
        Outcome edited = run(nbPath, tmp, cache);
        assertFalse(edited.replayed(), "an edited data file is read again");
        assertTrue(edited.text().startsWith("contigs=" + (lines.size() - 2)), edited.text());
        assertEquals("n=" + (lines.size() - 2), Files.readString(result));

        writeNotebook(nbPath, contigs, result, "contig count: ");
        Outcome newSource = run(nbPath, tmp, cache);
        assertFalse(newSource.replayed(), "an edited cell runs");
        assertTrue(newSource.text().startsWith("contig count: "), newSource.text());
        assertNotEquals(counted, newSource.text());
    }

    record Outcome(Notebook notebook, RunManifest manifest) {
        boolean replayed() {
            return manifest.steps().stream().anyMatch(s -> s.id().equals(NotebookRun.REPLAY_STEP));
        }

        /** The stdout text of the cell that prints the count. */
        String text() {
            return notebook.cells().get(1).outputs().get(0).path("text").asText();
        }
    }

    private static Outcome run(Path nb, Path tmp, Path cache, String... extra) {
        Path out = tmp.resolve("replay.out.ipynb");
        List<String> args = new ArrayList<>(List.of("run", nb.toString(), "--output", out.toString(),
                "--cache-dir", cache.toString()));
        args.addAll(Arrays.asList(extra));
        NotebookRunIT.Run r = NotebookRunIT.cellbook(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err() + r.out());
        return new Outcome(Notebook.read(out), RunManifests.read(tmp.resolve("replay.out.manifest.json")));
    }

    private static void writeNotebook(Path path, Path contigs, Path result, String label) {
        Notebook nb = Notebook.create("cellbook-java", "java");
        nb.appendCode("var contigs = org.cellbook.core.io.ContigReader.read(java.nio.file.Path.of(\""
                + contigs + "\"));");
        nb.appendCode("System.out.println(\"" + label + "\" + contigs.size());");
        nb.appendCode("var out = java.nio.file.Path.of(\"" + result + "\");\n"
                + "java.nio.file.Files.createDirectories(out.getParent());\n"
                + "java.nio.file.Files.writeString(out, \"n=\" + contigs.size());\n"
                + "org.cellbook.core.pipeline.RunContext.current().addOutput(out);");
        nb.write(path);
    }

    private static List<String> gunzipLines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return List.of(b.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }
}
