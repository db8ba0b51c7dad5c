package org.cellbook.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.cellbook.cache.FileFingerprints;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.io.ReadTracker;
import org.cellbook.core.pipeline.RunContext;
import org.cellbook.core.provenance.Provenance;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.core.provenance.RunManifests;
import org.cellbook.kernel.KernelSettings;
import org.cellbook.kernel.exec.EvaluatorSettings;

/**
 * One headless notebook run, end to end: parameters injected, run context installed, cells executed
 * ({@link NotebookExecutor}), executed notebook, optional HTML report and run manifest written (the
 * manifest also when a cell fails). {@code cellbook run} and {@code cellbook demo} are thin
 * front ends over {@link #run}.
 */
public final class NotebookRun {
    /** Manifest step id of a replayed run (its seconds are the replay's). */
    public static final String REPLAY_STEP = "replay";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /**
     * What to run.
     *
     * @param params   {@code name=value}: a plain name is a notebook parameter, a dotted one a config override
     * @param output   executed notebook; null for NOTEBOOK.executed.ipynb next to the input
     * @param manifest run manifest; null for OUTPUT with .manifest.json instead of .ipynb
     * @param report   HTML report, or null for none
     * @param replay   serve an unchanged run from the run cache ({@link RunReplay}) instead of running its cells
     */
    public record Request(Path notebook, List<String> params, Path config, Path output, Path manifest, Path report,
                          boolean noCache, Path cacheDir, PipelineConfig.ExecutorKind executor, Integer workers,
                          String rayAddress, boolean replay) {
    }

    /** How it went: exit code (0 ok, 1 a cell failed, 2 bad input) and what was written. */
    public record Result(int exitCode, Path output, Path manifest, Path report, RunManifest record, String message,
                         String cacheSummary) {
    }

    private NotebookRun() {
    }

    /**
     * Runs the request. Bad parameters or config found before any cell runs throw
     * {@link BadInputException}; a cell failing with one gives exit code 2, any other failure 1.
     */
    public static Result run(Request req, Consumer<String> console) {
        return run(req, Notebook.read(req.notebook()), console);
    }

    /**
     * Runs {@code source} as if it were {@code req.notebook()} (which is still what the manifest
     * records): for callers that add cells to an in-memory copy, as {@code cellbook parity} does.
     */
    public static Result run(Request req, Notebook source, Consumer<String> console) {
        Map<String, String> nbParams = new LinkedHashMap<>();
        List<String> overrides = new ArrayList<>();
        for (String p : req.params()) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw BadInputException.parameter(p, "a parameter must look like name=value",
                        "for example -p resultsDir=out or -p qc.min_genes=300");
            }
            String name = p.substring(0, eq).trim();
            if (name.contains(".")) {
                overrides.add(p);
            } else {
                nbParams.put(name, p.substring(eq + 1));
            }
        }
        // git's two processes take 30-60 ms; they run while the config loads and the cells run.
        CompletableFuture<RunManifest.Git> git = CompletableFuture.supplyAsync(
                () -> Provenance.git(req.notebook().toAbsolutePath().getParent()));
        Notebook injected = NotebookParameters.inject(source, nbParams);
        Path output = req.output() != null ? req.output() : sibling(req.notebook(), ".executed.ipynb");
        Path manifestPath = req.manifest() != null ? req.manifest() : sibling(output, ".manifest.json");
        RunContext ctx = RunContext.create(req.config(), System.getenv(), overrides, req.cacheDir(), req.noCache(),
                req.executor(), req.workers(), req.rayAddress(), console);
        String started = now();
        String runId = runId();
        EvaluatorSettings settings = evaluatorSettings();
        long start = System.nanoTime(); // a replay's time includes computing its key
        RunReplay replay = req.replay() && ctx.cache().enabled() ? new RunReplay(ctx.cache()) : null;
        String replayKey = replay == null ? null : replay.inputKey(req.notebook(), injected, ctx, settings);
        Optional<RunReplay.Replayed> replayed = replay == null ? Optional.empty() : lookUp(replay, replayKey, injected);
        NotebookExecutor.Outcome outcome;
        List<RunManifest.StepRecord> stepRecords;
        List<Path> results;
        if (replayed.isPresent()) {
            RunReplay.Replayed r = replayed.get();
            outcome = r.outcome();
            double seconds = (System.nanoTime() - start) / 1e9;
            stepRecords = new ArrayList<>(r.steps());
            stepRecords.add(new RunManifest.StepRecord(REPLAY_STEP, "outputs replayed from run " + r.fromRun(), seconds,
                    true, "ok"));
            results = r.outputs();
            console.accept(String.format(Locale.ROOT,
                    "run cache: nothing changed since run %s; %d cells replayed, %d result files checked (%d restored) in %.2f s"
                            + " (--no-replay runs the cells)",
                    r.fromRun(), outcome.cells().size(), results.size(), r.restoredFiles(), seconds));
            replayNote(outcome.notebook(), r.fromRun(), seconds);
        } else {
            RunContext.install(ctx);
            ReadTracker.Recording reads = ReadTracker.start();
            try {
                outcome = new NotebookExecutor(settings, ctx.steps()::records, console).execute(injected);
            } finally {
                reads.close();
                RunContext.install(null);
            }
            stepRecords = ctx.steps().records();
            results = ctx.outputs();
            if (replay != null && outcome.ok()) {
                try {
                    replay.store(replayKey, reads.paths(), outcome, stepRecords, results, runId);
                } catch (RuntimeException e) { // the run itself succeeded; only its replay entry is missing
                    console.accept("run cache: could not record this run for replay: " + e.getMessage());
                }
            }
        }
        outcome.notebook().write(output);
        List<Path> written = new ArrayList<>(List.of(output));
        if (req.report() != null) {
            HtmlReport.write(outcome.notebook(), title(req.notebook()), req.report());
            written.add(req.report());
        }
        written.addAll(results);
        NotebookExecutor.CellError err = outcome.failure();
        int code = 0;
        String message = null;
        if (err != null) {
            BadInputException bad = badInput(err.cause());
            code = bad != null ? 2 : 1;
            message = err.describe();
        }
        String cacheSummary = ctx.cache().stats().summaryLine();
        RunManifest m = manifest(req, ctx, outcome, stepRecords, runId, started, written, err, git.join());
        RunManifests.write(m, manifestPath);
        return new Result(code, output, manifestPath, req.report(), m, message, cacheSummary);
    }

    /** The kernel's own settings (CELLBOOK_/IJAVA_ CLASSPATH, TIMEOUT, STARTUP_SCRIPT...), so cells run as in Jupyter. */
    private static EvaluatorSettings evaluatorSettings() {
        return KernelSettings.fromEnvironment(System.getenv()).evaluator();
    }

    private static BadInputException badInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException b) {
                return b;
            }
        }
        return null;
    }

    private static RunManifest manifest(Request req, RunContext ctx, NotebookExecutor.Outcome outcome,
                                        List<RunManifest.StepRecord> stepRecords, String runId, String started,
                                        List<Path> written, NotebookExecutor.CellError err, RunManifest.Git git) {
        FileFingerprints fingerprints = ctx.cache().enabled() ? ctx.cache().fingerprints() : FileFingerprints.uncached();
        List<RunManifest.FileRecord> inputs = new ArrayList<>();
        inputs.add(Provenance.file(req.notebook(), fingerprints));
        if (req.config() != null) {
            inputs.add(Provenance.file(req.config(), fingerprints));
        }
        Path sheet = ctx.resolve(ctx.config().data().sampleSheet());
        if (Files.isRegularFile(sheet)) {
            inputs.add(Provenance.file(sheet, fingerprints));
        }
        List<RunManifest.StepRecord> steps = new ArrayList<>();
        for (NotebookExecutor.CellRun c : outcome.cells()) {
            steps.add(new RunManifest.StepRecord("cell " + c.index(), c.label(), c.seconds(), c.cacheHit(), c.status()));
        }
        steps.addAll(stepRecords);
        List<RunManifest.FileRecord> outputs = new ArrayList<>();
        for (Path p : written) {
            if (Files.isRegularFile(p)) {
                outputs.add(Provenance.file(p, fingerprints));
            }
        }
        JsonNode cache = ctx.cache().enabled() ? JSON.valueToTree(ctx.cache().stats().snapshot()) : null;
        RunManifest.Failure failure = err == null ? null
                : new RunManifest.Failure("cell " + err.index() + " (" + err.label() + ")", err.ename(), err.evalue());
        return new RunManifest(RunManifest.SCHEMA_VERSION, runId, req.notebook().toString(), started, now(), err == null ? "succeeded" : "failed",
                git, Provenance.environment(), Provenance.dependencies(),
                inputs, ctx.resolvedConfig().tree(), ctx.resolvedConfig().sources(), ctx.config().seed(), steps, cache,
                outputs, failure);
    }

    private static String runId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A replay that cannot be read (a cache from another version, say) means a normal run. */
    private static Optional<RunReplay.Replayed> lookUp(RunReplay replay, String key, Notebook injected) {
        try {
            return replay.lookUp(key, injected);
        } catch (RuntimeException e) {
            System.err.println("run cache: cannot replay (" + e.getMessage() + "); running the cells");
            return Optional.empty();
        }
    }

    /** Notebook-level note of the replay, for readers of the executed notebook (and bench/e2e). */
    private static void replayNote(Notebook nb, String fromRun, double seconds) {
        ObjectNode meta = nb.metadata().get("cellbook") instanceof ObjectNode o ? o : nb.metadata().putObject("cellbook");
        meta.put("replayed_from", fromRun);
        meta.put("replay_seconds", Math.round(seconds * 1000) / 1000.0);
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now());
    }

    private static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
        return file.toAbsolutePath().resolveSibling(stem + suffix);
    }

    static String title(Path notebook) {
        String name = notebook.getFileName().toString();
        return name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) : name;
    }
}
