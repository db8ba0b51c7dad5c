package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.Project;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * .h5ad both ways: files we write read identically in Python's anndata, and files anndata writes
 * (sparse CSR, CSC and dense X, categoricals, nullable columns, obsm, layers) read identically here.
 */
class H5adParityTest {
    private static final Path BL6 = Project.sharedRealData().resolve("djvdj-splen/BL6_GEX/filtered_feature_bc_matrix");
    private static final Path V3 = Project.sharedRealData().resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix");

    /** Builds anndata-written variants of a real dataset: argv = mtx dir, output dir. */
    private static final String MAKE_H5AD = """
            import sys, numpy as np, pandas as pd, scanpy as sc, scipy.sparse as sp
            src, out = sys.argv[1], sys.argv[2]
            import gzip, os, shutil, tempfile
            tmp = tempfile.mkdtemp()
            for n in ("matrix.mtx", "features.tsv", "barcodes.tsv"):
                shutil.copy(os.path.join(src, n + ".gz"), os.path.join(tmp, n + ".gz"))
            a = sc.read_10x_mtx(tmp)
            a.X = sp.csr_matrix(a.X)
            n = a.n_obs
            rng = np.random.default_rng(7)
            clusters = np.array([str(i) for i in rng.integers(0, 12, n)], dtype=object)
            clusters[3] = None
            a.obs["leiden"] = pd.Categorical(clusters)
            a.obs["total"] = np.asarray(a.X.sum(axis=1)).ravel().astype(np.float64)
            a.obs["n_genes"] = np.asarray((a.X > 0).sum(axis=1)).ravel().astype(np.int64)
            a.obs["n32"] = a.obs["n_genes"].astype(np.int32)
            a.obs["frac"] = (a.obs["total"] / a.obs["total"].max()).astype(np.float32)
            a.obs["big"] = a.obs["total"] > a.obs["total"].median()
            a.obs["barcode"] = [f"bc-{i}" for i in range(n)]
            a.obs["maybe"] = pd.array([None if i % 7 == 0 else i for i in range(n)], dtype="Int64")
            a.obs["flag"] = pd.array([None if i % 5 == 0 else i % 2 == 0 for i in range(n)], dtype="boolean")
            a.var["highly_variable"] = np.arange(a.n_vars) % 3 == 0
            a.var["mean"] = np.asarray(a.X.mean(axis=0)).ravel()
            a.obsm["X_pca"] = rng.normal(size=(n, 4)).astype(np.float32)
            a.obsm["X_umap"] = rng.normal(size=(n, 2))
            a.layers["counts"] = a.X.tocsc()
            a.uns["note"] = {"skipped": 1}
            a.write_h5ad(os.path.join(out, "csr.h5ad"))
            a.X = a.X.tocsc()
            a.write_h5ad(os.path.join(out, "csc.h5ad"))
            a.X = a.X.toarray()
            del a.layers["counts"]
            a.write_h5ad(os.path.join(out, "dense.h5ad"))
            """;

    @TempDir
    static Path tmp;
    static AnnData written;

    @BeforeAll
    static void writeBothWays() throws Exception {
        written = withAnnotations(TenxMtxReader.read(BL6));
        H5adWriter.write(written, tmp.resolve("ours.h5ad"));
        AnnData first40 = written.subsetObs(range(40));
        H5adWriter.write(first40.withX(first40.x().toDense()), tmp.resolve("ours-dense.h5ad"));
        Path theirs = Files.createDirectories(tmp.resolve("theirs"));
        PythonEnv.project().runScript(MAKE_H5AD, V3.toString(), theirs.toString()).orThrow("make h5ad");
        List<PythonDump.Job> jobs = new ArrayList<>();
        for (String f : List.of("ours", "ours-dense")) {
            jobs.add(new PythonDump.Job("h5ad", tmp.resolve(f + ".h5ad"), tmp.resolve("dump-" + f), Map.of()));
        }
        for (String f : List.of("csr", "csc", "dense")) {
            jobs.add(new PythonDump.Job("h5ad", theirs.resolve(f + ".h5ad"), tmp.resolve("dump-" + f), Map.of()));
        }
        PythonDump.run(jobs);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** obs columns of every kind the writer handles, an obsm matrix and a layer. */
    private static AnnData withAnnotations(AnnData a) {
        int n = a.nObs();
        CsrMatrix x = a.xSparse();
        double[] totals = x.rowSums();
        int[] genes = x.rowNonZeros();
        String[] sample = new String[n];
        String[] cluster = new String[n];
        String[] barcode = new String[n];
        boolean[] big = new boolean[n];
        float[] frac = new float[n];
        double max = java.util.Arrays.stream(totals).max().orElse(1);
        Random rnd = new Random(11);
        for (int i = 0; i < n; i++) {
            sample[i] = i % 9 == 4 ? null : (i % 2 == 0 ? "BL6" : "BL6-rep");
            cluster[i] = Integer.toString(rnd.nextInt(14));
            barcode[i] = "cell-" + i;
            big[i] = totals[i] > 1000;
            frac[i] = (float) (totals[i] / max);
        }
        StringColumn sampleCol = StringColumn.create("sample", n);
        for (int i = 0; i < n; i++) {
            if (sample[i] != null) {
                sampleCol.set(i, sample[i]);
            }
        }
        IntColumn maybe = IntColumn.create("maybe", genes.clone());
        maybe.setMissing(2);
        List<Column<?>> cols = List.of(sampleCol, StringColumn.create("cluster", cluster),
                StringColumn.create("barcode", barcode), DoubleColumn.create("total", totals),
                IntColumn.create("n_genes", genes), LongColumn.create("n_long", java.util.Arrays.stream(genes).asLongStream().toArray()),
                FloatColumn.create("frac", frac), BooleanColumn.create("big", big), maybe);
        AnnData out = a;
        for (Column<?> c : cols) {
            out = out.withObsColumn(c);
        }
        float[] pca = new float[n * 5];
        for (int i = 0; i < pca.length; i++) {
            pca[i] = (float) rnd.nextGaussian();
        }
        return out.withObsm("X_pca", new DenseMatrix(n, 5, pca)).withLayer("counts", a.x());
    }

    // ---------------------------------------------------------------- ours, read by anndata

    @Test
    void anndataReadsOurMatrixNamesAndObsmIdentically() {
        PythonDump d = PythonDump.load(tmp.resolve("dump-ours"));
        assertEquals(written.obsNames(), d.obsNames());
        assertEquals(written.varNames(), d.varNames());
        PythonDump.assertMatrixEquals(d.matrix("X"), written.x(), "X");
        d.assertMatricesEqual(written);
        PythonDump dense = PythonDump.load(tmp.resolve("dump-ours-dense"));
        PythonDump.assertMatrixEquals(dense.matrix("X"), written.x().selectRows(range(40)).toDense(), "dense X");
    }

    @Test
    void anndataReadsOurColumnsWithTheirTypes() {
        PythonDump d = PythonDump.load(tmp.resolve("dump-ours"));
        assertEquals(written.obs().columnNames(), d.obsColumns());
        assertEquals(written.var().columnNames(), d.varColumns());
        Map<String, String> dtypes = Map.of("sample", "category", "cluster", "category", "barcode", "object",
                "total", "float64", "n_genes", "int32", "n_long", "int64", "frac", "float32", "maybe", "float64");
        dtypes.forEach((c, t) -> assertEquals(t, d.obs(c).get("dtype").asText(), c + " dtype"));
        for (String c : written.obs().columnNames()) {
            if (!c.equals("big")) {
                PythonDump.assertColumnEquals(d.obs(c), written.obs().column(c), "obs['" + c + "']");
            }
        }
        for (String c : written.var().columnNames()) {
            PythonDump.assertColumnEquals(d.var(c), written.var().column(c), "var['" + c + "']");
        }
    }

    @Test
    void categoriesAreInAnndatasNaturalOrder() {
        PythonDump d = PythonDump.load(tmp.resolve("dump-ours"));
        for (String c : List.of("sample", "cluster")) {
            JsonNode col = d.obs(c);
            assertEquals(col.get("natsorted_categories"), col.get("categories"), c);
        }
        assertTrue(d.obs("cluster").get("categories").size() > 10, "the test needs two-digit clusters");
    }

    @Test
    void booleansReachPythonAsUint8AndComeBackAsBooleans() {
        PythonDump d = PythonDump.load(tmp.resolve("dump-ours"));
        JsonNode big = d.obs("big");
        assertEquals("uint8", big.get("dtype").asText());
        BooleanColumn ours = written.obs().booleanColumn("big");
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(ours.get(i) ? 1 : 0, big.get("values").get(i).asInt(), "row " + i);
        }
        AnnData back = H5adReader.read(tmp.resolve("ours.h5ad"));
        assertEquals(ours.asList(), back.obs().booleanColumn("big").asList());
    }

    @Test
    void ourOwnFileReadsBackIdentically() {
        AnnData back = H5adReader.read(tmp.resolve("ours.h5ad"));
        assertEquals(written.obsNames(), back.obsNames());
        assertEquals(written.varNames(), back.varNames());
        assertEquals(written.x(), back.x());
        assertEquals(written.obsm().get("X_pca"), back.obsm().get("X_pca"));
        assertEquals(written.layers().get("counts"), back.layers().get("counts"));
        for (String c : List.of("sample", "cluster", "barcode", "total", "n_genes", "n_long", "frac")) {
            assertEquals(written.obs().column(c).asList(), back.obs().column(c).asList(), c);
        }
    }

    // ---------------------------------------------------------------- anndata's, read by us

    @Test
    void anndataCsrFile() {
        check("csr");
    }

    @Test
    void anndataCscFileConvertedWithoutDensifying() {
        AnnData a = check("csc");
        assertTrue(a.x() instanceof CsrMatrix);
    }

    @Test
    void anndataDenseFile() {
        AnnData a = check("dense");
        assertTrue(a.x() instanceof DenseMatrix);
    }

    @Test
    void layersCanBeSkipped() {
        AnnData a = H5adReader.read(tmp.resolve("theirs/csr.h5ad"), new H5adReader.Options(false));
        assertTrue(a.layers().isEmpty());
        assertFalse(a.obsm().isEmpty());
    }

    private static AnnData check(String variant) {
        AnnData a = H5adReader.read(tmp.resolve("theirs/" + variant + ".h5ad"));
        PythonDump d = PythonDump.load(tmp.resolve("dump-" + variant));
        d.assertSameAs(a);
        assertEquals(List.of("leiden", "total", "n_genes", "n32", "frac", "big", "barcode", "maybe", "flag"), d.obsColumns());
        return a;
    }
}
