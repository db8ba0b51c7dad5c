package org.cellbook.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.core.synth.SynthParams;
import org.cellbook.core.synth.SyntheticCohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The TCR-response pipeline on a small synthetic cohort through a real cache: an unchanged re-run
 * is all hits and decodes nothing it does not need; changing one model's parameter recomputes only
 * that model's fold tasks; the cache switched off computes everything; results never change.
 */
class PipelineCacheTest {
    /** Steps the pipeline recomputes instead of storing (StepRunner.derive). */
    private static final java.util.Set<String> UNSTORED = java.util.Set.of("normalize_total", "log1p");

    private static final String MODELS = """
            models:
              - name: logreg
                family: logreg
                search: grid
                n_iter: 0
                space:
                  C: [0.1, 1.0]
              - name: random_forest
                family: random_forest
                search: grid
                n_iter: 0
                space:
                  n_estimators: [10]
                  max_depth: [%d]
            """;
    private static final int PATIENTS = 6;

    @TempDir
    static Path tmp;
    private static Path sheet;

    @BeforeAll
    static void cohort() {
        Path data = tmp.resolve("data");
        SyntheticCohort.plan(new SynthParams(PATIENTS, 50, 300, 5)).write(data, false, 2, line -> { });
        sheet = data.resolve("samples.csv");
    }

    private record Run(Table metrics, List<RunManifest.StepRecord> records, Tracked<AnnData> pp) {
        Map<String, Boolean> hits(String prefix) {
            Map<String, Boolean> m = new TreeMap<>();
            records.stream().filter(r -> r.id().startsWith(prefix)).forEach(r -> m.put(r.id(), r.cacheHit()));
            return m;
        }

        List<RunManifest.StepRecord> steps() {
            return records.stream().filter(r -> !r.id().contains(":")).toList(); // steps, not their parts
        }
    }

    private static Run run(Path cacheDir, boolean noCache, int rfDepth) throws IOException {
        return run(cacheDir, noCache, rfDepth, 0);
    }

    private static Run run(Path cacheDir, boolean noCache, int rfDepth, int leidenSeed) throws IOException {
        return run(cacheDir, noCache, rfDepth, leidenSeed, 100);
    }

    private static Run run(Path cacheDir, boolean noCache, int rfDepth, int leidenSeed, int nTopGenes) throws IOException {
        Path config = tmp.resolve("config-" + rfDepth + "-" + leidenSeed + "-" + nTopGenes + ".yaml");
        Files.writeString(config, """
                qc:
                  min_genes: 5
                  min_cells: 1
                  max_pct_mt: 100.0
                preprocess:
                  n_top_genes: %d
                  n_pcs: 8
                clustering:
                  n_pcs: 8
                  n_neighbors: 10
                  resolutions: [1.0]
                  leiden_seed: %d
                feature_sets: [gene_pca, gene_pca+trb_physchem]
                """.formatted(nTopGenes, leidenSeed) + MODELS.formatted(rfDepth));
        RunContext ctx = RunContext.create(config, Map.of(), List.of("data.sample_sheet=" + sheet), cacheDir, noCache,
                PipelineConfig.ExecutorKind.THREADS, 2, line -> { });
        TcrResponsePipeline pipe = new TcrResponsePipeline(ctx);
        Tracked<AnnData> pp = pipe.preprocess(pipe.qc(pipe.load()));
        Tracked<TcrResponsePipeline.CvTables> cv = pipe.crossValidate(pipe.tcrFeatures(pipe.umap(pipe.cluster(pp))));
        return new Run(cv.value().metrics(), ctx.steps().records(), pp);
    }

    @Test
    void warmRerunIsAllHitsAndAChangedModelRecomputesOnlyItsFoldTasks() throws IOException {
        Path cache = tmp.resolve("cache");
        Run cold = run(cache, false, 2);
        assertTrue(cold.steps().stream().noneMatch(RunManifest.StepRecord::cacheHit), "cold: " + cold.steps());
        Map<String, Boolean> coldTasks = cold.hits("fold_task:");
        assertEquals(2 * 2 * PATIENTS, coldTasks.size(), "2 feature sets x 2 models x 6 patients: " + coldTasks.keySet());
        assertFalse(coldTasks.containsValue(true));

        Run warm = run(cache, false, 2);
        assertEquals(cold.steps().stream().map(RunManifest.StepRecord::id).filter(id -> !UNSTORED.contains(id)).toList(),
                warm.steps().stream().map(RunManifest.StepRecord::id).toList(),
                "every stored step again, as a hit; the unstored ones are not needed, so they do not run");
        assertTrue(warm.steps().stream().allMatch(RunManifest.StepRecord::cacheHit), "warm: " + warm.steps());
        assertFalse(warm.pp().isMaterialized(), "a hit nobody reads is not decoded");
        assertEquals(cold.metrics().printAll(), warm.metrics().printAll());

        Run changed = run(cache, false, 3);
        Map<String, Boolean> tasks = changed.hits("fold_task:");
        assertEquals(coldTasks.keySet(), tasks.keySet());
        tasks.forEach((id, hit) -> assertEquals(!id.contains("/random_forest/"), hit, id));
        assertEquals(Map.of("nested_cv", false), changed.hits("nested_cv"));
        assertTrue(changed.steps().stream().filter(r -> !r.id().equals("nested_cv")).allMatch(RunManifest.StepRecord::cacheHit));
        Table logregOnly = changed.metrics().where(changed.metrics().stringColumn("model").isEqualTo("logreg"));
        assertEquals(cold.metrics().where(cold.metrics().stringColumn("model").isEqualTo("logreg")).printAll(),
                logregOnly.printAll(), "cached logreg folds give the same table rows");

        Run off = run(cache, true, 2);
        assertTrue(off.records().stream().noneMatch(RunManifest.StepRecord::cacheHit), "cache off: everything computes");
        Table a = cold.metrics().removeColumns("fit_time_ms");
        Table b = off.metrics().removeColumns("fit_time_ms");
        assertEquals(a.printAll(), b.printAll(), "cached and uncached results are identical");
    }

    @Test
    void cheapStepsAreNotStoredAndRecomputeFromTheirStoredInputWhenADownstreamStepChanges() throws IOException {
        Path cache = tmp.resolve("cache-unstored");
        Run cold = run(cache, false, 2, 0, 100);
        for (String id : UNSTORED) {
            RunManifest.StepRecord r = cold.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
            assertFalse(r.cacheHit(), id);
            try (var files = Files.walk(cache)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(r.label())), id + " has no entry on disk");
            }
        }
        Run fewerGenes = run(cache, false, 2, 0, 80);
        assertEquals(Map.of("qc_filter", true), fewerGenes.hits("qc_filter"));
        for (String id : UNSTORED) {
            assertEquals(Map.of(id, false), fewerGenes.hits(id), "recomputed from the stored qc_filter output");
        }
        assertEquals(Map.of("highly_variable_genes", false), fewerGenes.hits("highly_variable_genes"));
        Run uncached = run(tmp.resolve("cache-unstored-off"), true, 2, 0, 80);
        assertEquals(uncached.metrics().removeColumns("fit_time_ms").printAll(),
                fewerGenes.metrics().removeColumns("fit_time_ms").printAll(), "same results as a run without the cache");
    }

    @Test
    void aChangeUpstreamThatLeavesTheFeaturesAsTheyWereReusesEveryFoldTask() throws IOException {
        Path cache = tmp.resolve("cache-upstream");
        Run cold = run(cache, false, 2, 0);
        Run reclustered = run(cache, false, 2, 1);
        assertEquals(Map.of("neighbors_leiden", false), reclustered.hits("neighbors_leiden"), "the change itself recomputes");
        assertEquals(Map.of("nested_cv", false), reclustered.hits("nested_cv"), "the CV table is keyed on the chain");
        assertEquals(Map.of("umap", false, "umap:layout", false), cold.hits("umap"));
        assertEquals(Map.of("umap", false, "umap:layout", true), reclustered.hits("umap"),
                "the step is keyed on the chain; its layout on the graph and PCs, which are unchanged");
        Map<String, Boolean> tasks = reclustered.hits("fold_task:");
        assertEquals(cold.hits("fold_task:").keySet(), tasks.keySet());
        assertTrue(tasks.values().stream().allMatch(h -> h), "features unchanged, so every fold task is a hit: " + tasks);
        assertEquals(cold.metrics().printAll(), reclustered.metrics().printAll());
    }
}
