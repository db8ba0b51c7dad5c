package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cellbook.core.env.Project;
import org.cellbook.core.synth.SynthParams;
import org.cellbook.core.synth.SyntheticCohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notebooks/tcr-response/parity.yaml} on the real notebooks (original.ipynb on a Python kernel,
 * tcr-response.ipynb in this JVM) and a small synthetic cohort, with a lighter config (one feature
 * set, logistic regression only) to keep it to a few minutes. Every item agrees; then the
 * port alone gets {@code preprocess.target_sum=5000} (the original's executed copy is reused) and
 * parity fails on items downstream of normalisation only: everything read before it (loading, QC)
 * or independent of it (TRB features, the patient splits) still agrees.
 */
class TcrResponseParityIT {
    private static final Path SPEC = Project.root().resolve("notebooks/tcr-response/parity.yaml");

    /** Items that do not depend on the normalisation. */
    private static final Set<String> UPSTREAM = Set.of("load-shape", "load-cells", "load-genes", "load-counts-per-cell",
            "load-response", "load-trb-cdr3", "qc-shape", "qc-cells", "qc-pct-counts-mt", "trb-physchem",
            "trb-kmer-vocabulary", "trb-kmer-svd", "cv-splits");
    /** Items on values computed from the normalised matrix, which must move with target_sum. */
    private static final Set<String> MUST_FAIL = Set.of("normalise-totals", "scaled", "pca", "pca-variance-ratio");

    @Test
    void theNotebooksAgreeAndAChangedTargetSumFailsOnlyDownstream(@TempDir Path tmp) throws IOException {
        Path cohort = tmp.resolve("cohort");
        SynthParams p = SynthParams.preset("demo").withPatients(8).withCellsPerSample(50).withGenes(500);
        SyntheticCohort.plan(p).write(cohort, false, 2, line -> { });
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, """
                qc: {min_genes: 200, min_cells: 3, max_pct_mt: 20.0, mt_prefix: "MT-"}
                preprocess: {target_sum: null, hvg_flavor: seurat, n_top_genes: 150, scale_max_value: 10.0, n_pcs: 10}
                clustering: {n_neighbors: 15, n_pcs: 10, resolutions: [0.5, 1.0], leiden_seed: 0, umap: true}
                tcr: {kmer_k: 3, svd_components: 10}
                feature_sets: [gene_pca]
                models:
                  - {name: logreg, family: logreg, search: grid, n_iter: 0, space: {C: [0.1, 1.0], class_weight: [balanced]}}
                cv: {inner_splits: 3, inner_splitter: stratified_group_kfold}
                execution: {executor: sequential, workers: 1}
                seed: 42
                """);
        Path work = tmp.resolve("work");
        String[] common = {"parity", "--spec", SPEC.toString(), "-f", config.toString(), "--work", work.toString(),
                "-p", "sample_sheet=" + cohort.resolve("samples.csv")};

        ParityIT.Run agree = ParityIT.cellbook(concat(common, "--json", tmp.resolve("agree.json").toString(),
                "--report", tmp.resolve("agree.html").toString()));
        assertEquals(0, agree.exit(), agree.err() + agree.out());
        ParityReport ok = ParityReport.readJson(tmp.resolve("agree.json"));
        assertTrue(ok.ok());
        Set<String> ids = new TreeSet<>();
        ok.items().forEach(i -> ids.add(i.id()));
        assertTrue(ids.containsAll(UPSTREAM) && ids.containsAll(MUST_FAIL), ids.toString());

        ParityIT.Run changed = ParityIT.cellbook(concat(common, "--port-param", "preprocess.target_sum=5000",
                "--json", tmp.resolve("changed.json").toString()));
        assertEquals(1, changed.exit(), changed.err() + changed.out());
        ParityReport r = ParityReport.readJson(tmp.resolve("changed.json"));
        assertTrue(r.original().reused(), "the original's inputs did not change: " + changed.err());
        assertFalse(r.port().reused());
        Set<String> failing = new TreeSet<>();
        r.items().stream().filter(i -> !i.pass()).forEach(i -> failing.add(i.id()));
        assertTrue(failing.containsAll(MUST_FAIL), "failing: " + failing);
        for (String id : UPSTREAM) {
            assertFalse(failing.contains(id), id + " does not depend on target_sum but failed: " + failing);
        }
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new java.util.ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(String[]::new);
    }
}
