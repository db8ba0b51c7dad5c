package org.cellbook.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cellbook.core.env.Project;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.core.synth.SynthParams;
import org.cellbook.core.synth.SyntheticCohort;
import org.cellbook.runtime.NotebookRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cellbook demo}: the TCR-response notebook end to end on a synthetic cohort. Generates the
 * cohort (preset demo) when absent, runs the notebook headless with its config pointed at it, and
 * writes the executed notebook, HTML report, metric CSVs and manifest under one folder. A second
 * run is served from the cache in that folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the TCR-response notebook on a synthetic demo cohort (generated on first use).",
                "Writes DIR/tcr-response.executed.ipynb, DIR/report.html, DIR/results/*.csv and DIR/manifest.json;",
                "run it again and, with nothing changed, it is replayed from the cache in DIR/cache."})
final class DemoCommand implements Callable<Integer> {
    static final int DEMO_PATIENTS = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder; default demo-output in the project")
    Path out;

    @Option(names = "--notebook", paramLabel = "NOTEBOOK.ipynb", description = "default notebooks/tcr-response/tcr-response.ipynb")
    Path notebook;

    @Mixin
    ExecutionOptions execution = new ExecutionOptions();

    @Option(names = "--cells-per-sample", paramLabel = "N", description = "cells per sample when generating the cohort (default: preset demo's cells over 8 patients)")
    Integer cellsPerSample;

    @Option(names = "--genes", paramLabel = "N", description = "genes when generating the cohort (default: preset demo)")
    Integer genes;

    @Option(names = "-p", paramLabel = "NAME=VALUE", description = "extra notebook parameter or config override, as for run")
    List<String> params = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        Path dir = (out != null ? out : Project.root().resolve("demo-output")).toAbsolutePath().normalize();
        Path nb = notebook != null ? notebook : Project.root().resolve("notebooks/tcr-response/tcr-response.ipynb");
        Path config = nb.toAbsolutePath().resolveSibling("config.yaml");
        Path data = dir.resolve("data");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isRegularFile(data.resolve("samples.csv"))) {
            // Preset demo's cells spread over 8 patients: with 4, leave-one-patient-out leaves inner
            // training parts with one response class and every fold is skipped.
            SynthParams p = SynthParams.preset("demo");
            p = p.withPatients(DEMO_PATIENTS).withCellsPerSample(p.cellsPerSample() * p.patients() / DEMO_PATIENTS);
            if (cellsPerSample != null) {
                p = p.withCellsPerSample(cellsPerSample);
            }
            if (genes != null) {
                p = p.withGenes(genes);
            }
            p.validate();
            err.printf(Locale.ROOT, "demo: generating a synthetic cohort (%d patients x 2 samples x %d cells, %d genes) in %s%n",
                    p.patients(), p.cellsPerSample(), p.genes(), data);
            err.flush();
            SyntheticCohort.plan(p).write(data, false, Runtime.getRuntime().availableProcessors(), line -> { });
        }
        List<String> all = new java.util.ArrayList<>(List.of(
                "data.sample_sheet=" + data.resolve("samples.csv"), "data.results_dir=" + dir.resolve("results")));
        all.addAll(params);
        long start = System.nanoTime();
        NotebookRun.Request req = new NotebookRun.Request(nb, all, Files.isRegularFile(config) ? config : null,
                dir.resolve("tcr-response.executed.ipynb"), dir.resolve("manifest.json"), dir.resolve("report.html"),
                execution.noCache, dir.resolve("cache"), execution.executorKind(), execution.workers, execution.rayAddress,
                !execution.noReplay);
        NotebookRun.Result r = NotebookRun.run(req, RunCommand.console(spec));
        double wall = (System.nanoTime() - start) / 1e9;
        int code = RunCommand.report(spec, r);
        long cells = r.record().steps().stream().filter(s -> s.id().startsWith("cell ")).count();
        long cachedCells = r.record().steps().stream().filter(s -> s.id().startsWith("cell ") && s.cacheHit()).count();
        // Parts of a step are recorded too (fold_task:..., umap:layout), but only when the step itself
        // was not cached; they are not pipeline steps.
        List<RunManifest.StepRecord> pipelineSteps = r.record().steps().stream()
                .filter(s -> !s.id().startsWith("cell ") && !s.id().contains(":")
                        && !s.id().equals(NotebookRun.REPLAY_STEP)).toList();
        long steps = pipelineSteps.size();
        long cachedSteps = pipelineSteps.stream().filter(RunManifest.StepRecord::cacheHit).count();
        long tasks = r.record().steps().stream().filter(s -> s.id().startsWith("fold_task:")).count();
        long cachedTasks = r.record().steps().stream().filter(s -> s.id().startsWith("fold_task:") && s.cacheHit()).count();
        double analysis = r.record().steps().stream()
                .filter(s -> s.id().startsWith("cell ") || s.id().equals(NotebookRun.REPLAY_STEP))
                .mapToDouble(RunManifest.StepRecord::seconds).sum();
        stdout.printf(Locale.ROOT, "results:           %s%n", dir.resolve("results"));
        printPooledAuc(dir.resolve("results").resolve("cv_pooled_metrics.csv"), stdout);
        stdout.printf(Locale.ROOT, "demo: %.1f s analysis (%.1f s in this command); %d/%d pipeline steps%s and %d/%d cells served from the cache%s%n",
                analysis, wall, cachedSteps, steps, tasks == 0 ? "" : String.format(Locale.ROOT, ", %d/%d fold tasks", cachedTasks, tasks),
                cachedCells, cells,
                cachedSteps == steps && steps > 0 ? " (everything cached: delete " + dir.resolve("cache") + " or use --no-cache to recompute)" : "");
        stdout.flush();
        return code;
    }

    /** The pooled ROC-AUC per model and feature set, cell and patient level, from the results folder. */
    static void printPooledAuc(Path csv, PrintWriter out) {
        if (!Files.isRegularFile(csv)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(csv);
            List<String> header = List.of(lines.get(0).split(",", -1));
            int model = header.indexOf("model");
            int fs = header.indexOf("feature_set");
            int level = header.indexOf("level");
            int auc = header.indexOf("roc_auc");
            java.util.Map<String, String[]> rows = new java.util.LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1); // model and feature-set names hold no commas
                String[] v = rows.computeIfAbsent(f[model] + " / " + f[fs], k -> new String[] {"-", "-"});
                String value = f[auc].isEmpty() ? "nan" : String.format(Locale.ROOT, "%.3f", Double.parseDouble(f[auc]));
                v[f[level].equals("cell") ? 0 : 1] = value;
            }
            out.println("pooled ROC-AUC (cell / patient level):");
            rows.forEach((k, v) -> out.printf(Locale.ROOT, "  %-42s %s / %s%n", k, v[0], v[1]));
        } catch (java.io.IOException | RuntimeException e) {
            out.println("pooled ROC-AUC: cannot read " + csv + ": " + e.getMessage());
        }
    }
}
