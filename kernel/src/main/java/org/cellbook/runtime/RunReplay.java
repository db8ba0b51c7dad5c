package org.cellbook.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.ReadSetEntries;
import org.cellbook.cache.Section;
import org.cellbook.core.io.AtomicWrite;
import org.cellbook.core.pipeline.RunContext;
import org.cellbook.core.provenance.Provenance;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.kernel.exec.EvaluatorSettings;

/**
 * Whole-run output caching for headless runs: when nothing a run depends on has changed since a
 * successful run, its cell outputs are replayed and its result files restored instead of starting
 * JShell and running the cells (as jupyter-cache does for Python notebooks, but keyed on more than
 * the sources).
 *
 * <h2>Keys</h2>
 * The <em>input key</em> hashes every code cell's source after parameter injection, the resolved
 * config (so file, environment and {@code -p} layers all count), the evaluator settings (class
 * path, startup scripts), and the code that runs: the Cellbook module jars (or class folders) by
 * content, the dependency set and the Java version. The data files the run read through
 * pipeline-core ({@link org.cellbook.core.io.ReadTracker}) are only known after it ran; they are
 * stored under the input key, and the <em>entry key</em> adds their content fingerprints, so an
 * edited data file means a real run. Executor and worker count are left out on purpose: results do
 * not depend on them.
 *
 * <h2>Entries</h2>
 * Per code cell its outputs, execution count and {@code metadata.cellbook}; the run's step records;
 * and the files it wrote through pipeline-core ({@link RunContext#addOutput}, e.g. the results
 * folder) with their bytes, so a deleted or edited result file is rewritten on replay. Files a cell
 * writes by other means are not restored: run with {@code --no-replay} when that matters.
 * Only successful runs are stored. The two-level keys are {@link ReadSetEntries}.
 */
final class RunReplay {
    private static final String KIND = "notebook_run";
    private static final TypeReference<List<RunManifest.StepRecord>> STEPS = new TypeReference<>() {
    };

    private final CacheStore store;
    private final String codeVersion = codeVersion();
    private final ReadSetEntries entries;

    /** What a replay gives back. */
    record Replayed(NotebookExecutor.Outcome outcome, List<RunManifest.StepRecord> steps, List<Path> outputs,
                    String fromRun, int restoredFiles) {
    }

    RunReplay(CacheStore store) {
        this.store = store;
        this.entries = new ReadSetEntries(store, KIND, codeVersion);
    }

    /** The input key of a run of {@code injected} (parameters already injected) under {@code ctx}. */
    String inputKey(Path notebook, Notebook injected, RunContext ctx, EvaluatorSettings settings) {
        List<String> sources = new ArrayList<>();
        for (Notebook.Cell c : injected.cells()) {
            if (c.isCode()) {
                sources.add(c.source());
            }
        }
        CacheKey.Builder b = store.key(KIND, "inputs").codeVersion(codeVersion)
                .param("kernel", injected.kernelName())
                // Where relative paths resolve: cells see the working folder, the config its own folder.
                .param("notebook", notebook.toAbsolutePath().normalize().toString())
                .param("working_dir", Path.of("").toAbsolutePath().toString())
                .param("config_file", ctx.configFile() == null ? "" : ctx.configFile().toAbsolutePath().normalize().toString())
                .param("sources", sources)
                .param("config", ctx.resolvedConfig().tree().toString())
                .param("evaluator", settings.toString());
        for (Path code : codePaths()) {
            b.inputFile(code);
        }
        return b.build().hex();
    }

    /** The recorded run for {@code inputKey} applied to {@code injected}, if every file it read is unchanged. */
    Optional<Replayed> lookUp(String inputKey, Notebook injected) {
        return entries.currentEntryKey(inputKey).flatMap(entries::get).map(entry -> apply(entry, injected));
    }

    /** Records a successful run. */
    void store(String inputKey, Set<Path> reads, NotebookExecutor.Outcome outcome, List<RunManifest.StepRecord> steps,
               List<Path> outputs, String runId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("run_id", runId);
        entry.put("cells", cellsJson(outcome.notebook()));
        entry.put("steps", json(steps));
        List<Object> written = new ArrayList<>();
        for (Path p : outputs) {
            try {
                written.add(Map.of("path", p.toAbsolutePath().toString(), "sha256", store.fingerprints().sha256(p),
                        "bytes", Files.readAllBytes(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run's output " + p + " to cache it", e);
            }
        }
        entry.put("outputs", written);
        entries.put(inputKey, reads, Section.CELLS, entry);
    }

    private Replayed apply(Map<String, Object> entry, Notebook injected) {
        Notebook nb = injected.copy();
        JsonNode cells = parse((String) entry.get("cells"));
        List<Notebook.Cell> code = nb.cells().stream().filter(Notebook.Cell::isCode).toList();
        if (cells.size() != code.size()) {
            throw new IllegalStateException("cached run has " + cells.size() + " code cells, the notebook " + code.size());
        }
        String fromRun = (String) entry.get("run_id");
        List<NotebookExecutor.CellRun> runs = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            Notebook.Cell cell = code.get(i);
            JsonNode recorded = cells.get(i);
            ArrayNode outputs = cell.clearOutputs();
            recorded.path("outputs").forEach(outputs::add);
            cell.node().set("execution_count", recorded.get("execution_count"));
            ObjectNode meta = cell.metadata().putObject("cellbook");
            JsonNode was = recorded.path("cellbook");
            was.fields().forEachRemaining(f -> meta.set(f.getKey(), f.getValue()));
            meta.put("recorded_seconds", was.path("seconds").asDouble());
            meta.put("seconds", 0.0);
            meta.put("cache_hit", true);
            meta.put("replayed_from", fromRun);
            runs.add(new NotebookExecutor.CellRun(cell.index(), cell.label(), 0.0, true, was.path("steps").asInt(), "ok"));
        }
        List<RunManifest.StepRecord> steps = new ArrayList<>();
        for (RunManifest.StepRecord s : parse((String) entry.get("steps"), STEPS)) {
            steps.add(new RunManifest.StepRecord(s.id(), s.label(), 0.0, true, s.status()));
        }
        List<Path> outputs = new ArrayList<>();
        int restored = 0;
        for (Object o : (List<?>) entry.get("outputs")) {
            Map<?, ?> f = (Map<?, ?>) o;
            Path p = Path.of((String) f.get("path"));
            if (!sameContent(p, (String) f.get("sha256"))) {
                AtomicWrite.write(p, (byte[]) f.get("bytes"));
                restored++;
            }
            outputs.add(p);
        }
        return new Replayed(new NotebookExecutor.Outcome(nb, runs, null), steps, outputs, fromRun, restored);
    }

    /** Checked through the fingerprint index: a stat per file unless it changed. */
    private boolean sameContent(Path p, String sha256) {
        try {
            return Files.isRegularFile(p) && store.fingerprints().sha256(p).equals(sha256);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The dependency set and Java version; Cellbook's own code enters by content ({@link #codePaths}). */
    private static String codeVersion() {
        return "deps " + Provenance.dependencies().hash() + " java " + Runtime.version();
    }

    /** The jars (or class folders, in a build) holding the kernel, pipeline-core and cache modules. */
    private static List<Path> codePaths() {
        Set<Path> paths = new LinkedHashSet<>();
        for (Class<?> c : List.of(RunReplay.class, RunContext.class, CacheStore.class)) {
            try {
                paths.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (java.net.URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the code of " + c.getName() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(paths);
    }

    private static String cellsJson(Notebook nb) {
        ArrayNode cells = Notebook.JSON.createArrayNode();
        for (Notebook.Cell c : nb.cells()) {
            if (c.isCode()) {
                ObjectNode o = cells.addObject();
                o.set("outputs", c.outputs());
                o.set("execution_count", c.executionCount());
                o.set("cellbook", c.metadata().path("cellbook"));
            }
        }
        return cells.toString();
    }

    private static String json(Object value) {
        try {
            return Notebook.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        return parse(json, new TypeReference<JsonNode>() {
        });
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Notebook.JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cached run record is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
