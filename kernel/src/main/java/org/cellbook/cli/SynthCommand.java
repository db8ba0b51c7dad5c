package org.cellbook.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellbook.core.synth.CohortWriter;
import org.cellbook.core.synth.SynthParams;
import org.cellbook.core.synth.SyntheticCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cellbook synth}: writes a synthetic immunotherapy cohort in Cell Ranger layout. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Write a synthetic cohort: per sample a Cell Ranger filtered_feature_bc_matrix/ and "
                        + "filtered_contig_annotations.csv, plus samples.csv (the sample sheet), synth.json and truth/.",
                "Every patient has a pre- and an on-treatment sample; patients alternate responder / non-responder.",
                "The same options give the same bytes."},
        footer = {"", "Presets: demo = 4 patients x 300 cells per sample, 2,000 genes; "
                + "reference = 7 patients x 5,000 cells per sample (70,000 cells), 20,000 genes.",
                "Options given with a preset override its values."})
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", description = "demo or reference")
    String preset;

    @Option(names = "--patients", paramLabel = "N", description = "patients (2 samples each); default 7")
    Integer patients;

    @Option(names = "--cells-per-sample", paramLabel = "N", description = "cells per sample; default 2000")
    Integer cellsPerSample;

    @Option(names = "--genes", paramLabel = "N", description = "genes; default 20000")
    Integer genes;

    @Option(names = "--seed", paramLabel = "N", description = "random seed; default 42")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "cohort folder to create")
    Path out;

    @Option(names = "--force", description = "replace DIR when it holds a cohort written earlier")
    boolean force;

    @Option(names = "--threads", paramLabel = "N",
            description = "samples generated at once; default: the number of processors (output is the same)")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SynthParams p = preset == null ? SynthParams.defaults() : SynthParams.preset(preset);
        if (patients != null) {
            p = p.withPatients(patients);
        }
        if (cellsPerSample != null) {
            p = p.withCellsPerSample(cellsPerSample);
        }
        if (genes != null) {
            p = p.withGenes(genes);
        }
        if (seed != null) {
            p = p.withSeed(seed);
        }
        SyntheticCohort cohort = SyntheticCohort.plan(p);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outWriter = spec.commandLine().getOut();
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        err.printf(Locale.ROOT, "synth: %d patients x 2 samples x %,d cells, %,d genes, seed %d -> %s%n",
                p.patients(), p.cellsPerSample(), p.genes(), p.seed(), out.toAbsolutePath().normalize());
        err.flush();
        long start = System.nanoTime();
        CohortWriter.Summary s = cohort.write(out, force, nThreads, line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        });
        outWriter.printf(Locale.ROOT, "wrote %d samples, %,d cells, %,d non-zeros, %,d contigs (%.1f MB) to %s in %.1f s%n",
                s.samples(), s.cells(), s.nonZeros(), s.contigs(), s.bytes() / 1e6, s.dir(),
                (System.nanoTime() - start) / 1e9);
        outWriter.printf("sample sheet: %s%n", s.dir().resolve("samples.csv"));
        outWriter.flush();
        return Main.EXIT_OK;
    }
}
