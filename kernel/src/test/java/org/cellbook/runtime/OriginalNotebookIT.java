package org.cellbook.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cellbook.core.env.Project;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.cellbook.core.synth.SynthParams;
import org.cellbook.core.synth.SyntheticCohort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python original ({@code notebooks/tcr-response/original.ipynb}) run headless with nbclient in
 * the project's venv (through {@code run_original.py}) and the Java port run with {@code cellbook run},
 * both on one small synthetic cohort and the same config: every file of the results contract
 * ({@code RESULTS.md}) exists in both folders, parses, and has the same shape and columns, with the
 * cells in the same order. Numbers are the parity tool's business. Also the original's failure exits.
 */
class OriginalNotebookIT {
    private static final Path DIR = Project.root().resolve("notebooks/tcr-response");
    private static final Path CONFIG = DIR.resolve("config.yaml");
    private static final List<String> SMALL = List.of("preprocess.n_top_genes=200", "preprocess.n_pcs=10", "clustering.n_pcs=10");

    @TempDir
    static Path tmp;
    static Path sheet;

    @BeforeAll
    static void cohort() {
        Path data = tmp.resolve("cohort");
        SyntheticCohort.plan(new SynthParams(6, 60, 600, 42)).write(data, false, 2, line -> { });
        sheet = data.resolve("samples.csv");
    }

    record Proc(int exit, String output) {
    }

    /** run_original.py with the executed notebook at {@code output} and these notebook parameters. */
    static Proc original(Path output, String... params) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Project.venvPython().toString(), DIR.resolve("run_original.py").toString(),
                "--output", output.toString()));
        for (String p : params) {
            cmd.add("-p");
            cmd.add(p);
        }
        return run(cmd, tmp.resolve("original-" + System.nanoTime() + ".log"));
    }

    private static Proc run(List<String> cmd, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).directory(DIR.toFile());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Proc(-1, "timed out\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void bothNotebooksWriteTheSameResultFiles() throws Exception {
        assertTrue(Files.isExecutable(Project.venvPython()), "the Python venv is missing; run ./cellbook setup");
        Path javaOut = tmp.resolve("results-java");
        Path pyOut = tmp.resolve("results-original");
        List<String> args = new ArrayList<>(List.of("run", DIR.resolve("tcr-response.ipynb").toString(), "-f", CONFIG.toString(),
                "-p", "data.sample_sheet=" + sheet, "-p", "data.results_dir=" + javaOut,
                "--output", tmp.resolve("java.ipynb").toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--executor", "threads", "--workers", "2"));
        SMALL.forEach(s -> { args.add("-p"); args.add(s); });
        NotebookRunIT.Run j = NotebookRunIT.cellbook(args.toArray(String[]::new));
        assertEquals(0, j.exit(), j.err() + j.out());

        String overrides = "{" + String.join(", ", SMALL.stream().map(s -> "\"" + s.replace("=", "\": ")).toList()) + "}";
        Path executed = tmp.resolve("original.executed.ipynb");
        Proc py = original(executed, "config_path=" + CONFIG, "sample_sheet=" + sheet, "results_dir=" + pyOut,
                "config_overrides=" + overrides);
        assertEquals(0, py.exit(), py.output());
        assertTrue(Files.readString(executed).contains("deep models skipped"), "the deep-learning cell says why it is skipped");

        // The contract's files, checked from Python (pandas / numpy are the readers a lab would use).
        PythonEnv.project().runScript(COMPARE, javaOut.toString(), pyOut.toString(), CONFIG.toString()).orThrow("results contract");
        // And the .npy files read back on the Java side.
        for (String npy : List.of("pca.npy", "trb_physchem.npy", "trb_kmer_svd.npy")) {
            Npy.Array a = Npy.read(javaOut.resolve(npy));
            Npy.Array b = Npy.read(pyOut.resolve(npy));
            assertEquals(List.of(a.rows(), a.cols()), List.of(b.rows(), b.cols()), npy);
            assertEquals('f', a.kind(), npy);
            assertEquals(4, a.itemSize(), npy + " is float32");
        }
    }

    /** argv: java results, original results, config. */
    private static final String COMPARE = """
            import sys
            from pathlib import Path
            import numpy as np, pandas as pd, yaml
            java, orig, cfg = Path(sys.argv[1]), Path(sys.argv[2]), yaml.safe_load(Path(sys.argv[3]).read_text())
            contract = ["qc_summary.csv", "hvg.csv", "pca.npy", "pca_variance_ratio.npy", "obs.csv", "kmer_vocabulary.txt",
                        "trb_physchem.npy", "trb_kmer_svd.npy", "cv_folds.csv", "cv_metrics.csv", "cv_pooled_metrics.csv"]
            contract += [f"roc_{m['name']}_{fs}.csv" for m in cfg["models"] for fs in cfg["feature_sets"]]
            for d in (java, orig):
                names = sorted(p.name for p in d.iterdir())
                assert names == sorted(contract), f"{d}: {names} != contract {sorted(contract)}"
            for name in contract:
                a, b = java / name, orig / name
                if name.endswith(".npy"):
                    x, y = np.load(a), np.load(b)
                    assert x.shape == y.shape and x.dtype == y.dtype, (name, x.shape, x.dtype, y.shape, y.dtype)
                elif name.endswith(".csv"):
                    x, y = pd.read_csv(a), pd.read_csv(b)
                    assert list(x.columns) == list(y.columns), (name, list(x.columns), list(y.columns))
                    if not name.startswith("roc_"):  # a ROC curve has one point per distinct score
                        assert x.shape == y.shape, (name, x.shape, y.shape)
                    else:
                        assert len(x) >= 2 and x["fpr"].iloc[-1] == 1 and y["fpr"].iloc[-1] == 1, name
                else:
                    x, y = a.read_text().splitlines(), b.read_text().splitlines()
                    assert x == y, f"{name}: {len(x)} vs {len(y)} lines"
            oa, ob = pd.read_csv(java / "obs.csv"), pd.read_csv(orig / "obs.csv")
            assert list(oa["cell"]) == list(ob["cell"]), "cell order differs"
            assert [c for c in oa.columns if c.startswith("leiden_")] == [f"leiden_{float(r)}" for r in cfg["clustering"]["resolutions"]]
            assert pd.read_csv(java / "cv_folds.csv").equals(pd.read_csv(orig / "cv_folds.csv")), "CV folds differ"
            assert pd.read_csv(java / "qc_summary.csv").equals(pd.read_csv(orig / "qc_summary.csv")), "QC counts differ"
            assert len(np.load(java / "pca_variance_ratio.npy")) == np.load(java / "pca.npy").shape[1]
            m = pd.read_csv(java / "cv_pooled_metrics.csv")
            assert set(m["level"]) == {"cell", "patient"}, set(m["level"])
            print("ok")
            """;

    @Test
    void anUndeclaredParameterIsExit2NamingIt() throws Exception {
        Proc p = original(tmp.resolve("undeclared.ipynb"), "n_patientz=3");
        assertEquals(2, p.exit(), p.output());
        assertTrue(p.output().contains("n_patientz") && p.output().contains("config_path"), p.output());
    }

    @Test
    void aMissingDataPathIsExit2NamingItAndTheManifestRecordsIt() throws Exception {
        Path missing = tmp.resolve("nowhere/samples.csv");
        Path out = tmp.resolve("missing.ipynb");
        Proc p = original(out, "config_path=" + CONFIG, "sample_sheet=" + missing);
        assertEquals(2, p.exit(), p.output());
        assertTrue(p.output().contains("load_cohort") && p.output().contains(missing.toString()), p.output());
        String manifest = Files.readString(tmp.resolve("missing.manifest.json"));
        assertTrue(manifest.contains("\"failed\"") && manifest.contains("data.sample_sheet"), manifest);
    }

    @Test
    void aFailingCellIsExit1NamingIt() throws Exception {
        // No cell has 100,000 genes: QC keeps none and a later cell fails.
        Path out = tmp.resolve("bad-override.ipynb");
        Proc p = original(out, "config_path=" + CONFIG, "sample_sheet=" + sheet, "config_overrides={\"qc.min_genes\": 100000}");
        assertEquals(1, p.exit(), p.output());
        assertTrue(p.output().matches("(?s).*cell \\d+ \\([a-z_]+\\) failed: .*"), p.output());
        assertTrue(Files.readString(tmp.resolve("bad-override.manifest.json")).contains("\"failed\""));
    }
}
