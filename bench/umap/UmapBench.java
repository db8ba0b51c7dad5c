import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.io.Npy;
import org.cellbook.core.pipeline.RunContext;
import org.cellbook.core.pipeline.TcrResponsePipeline;
import org.cellbook.core.tl.Umap;

/**
 * Java side of the UMAP benchmark (bench/umap/run.sh).
 *
 * <pre>
 * java -cp CP UmapBench.java prepare CONFIG SAMPLE_SHEET WORKDIR   # demo graph + PCs as .npy
 * java -cp CP UmapBench.java time WORKDIR SEED                      # one cold Umap.embed
 * </pre>
 *
 * {@code prepare} runs the notebook's load, qc, preprocess and neighbors_leiden steps (cached in
 * WORKDIR/cache) and writes the connectivities (CSR parts) and X_pca; {@code time} reads them in a
 * fresh JVM and times a single {@code Umap.embed} there, cold, as the demo runs it: wall and CPU
 * seconds of this thread, then writes the layout to WORKDIR/umap-SEED.npy.
 */
public class UmapBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("prepare")) {
            prepare(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        } else {
            time(Path.of(args[1]), Long.parseLong(args[2]));
        }
    }

    static void prepare(Path config, Path sheet, Path work) {
        Files.isDirectory(work);
        RunContext ctx = RunContext.create(config, Map.of(), List.of("data.sample_sheet=" + sheet.toAbsolutePath()),
                work.resolve("cache"), false, null, 1, System.err::println);
        RunContext.install(ctx);
        TcrResponsePipeline pipe = new TcrResponsePipeline(ctx);
        AnnData clustered = pipe.cluster(pipe.preprocess(pipe.qc(pipe.load()))).value();
        CsrMatrix g = clustered.obsp().get("connectivities");
        int n = g.nRows();
        int[] indptr = new int[n + 1];
        int nnz = (int) g.nnz();
        int[] indices = new int[nnz];
        float[] data = new float[nnz];
        for (int i = 0; i < n; i++) {
            int len = g.rowLength(i);
            System.arraycopy(g.rowIndices(i), g.rowOffset(i), indices, indptr[i], len);
            System.arraycopy(g.rowData(i), g.rowOffset(i), data, indptr[i], len);
            indptr[i + 1] = indptr[i] + len;
        }
        Npy.writeInts(work.resolve("graph_indptr.npy"), indptr, n + 1);
        Npy.writeInts(work.resolve("graph_indices.npy"), indices, nnz);
        Npy.writeFloats(work.resolve("graph_data.npy"), data, nnz);
        DenseMatrix pca = clustered.obsm().get(TcrResponsePipeline.PCA_KEY);
        Npy.writeFloats(work.resolve("pca.npy"), pca.data(), pca.nRows(), pca.nCols());
        System.err.println("prepared " + n + " cells, " + nnz + " edges in " + work);
    }

    static void time(Path work, long seed) {
        int[] indptr = Npy.read(work.resolve("graph_indptr.npy")).asInts();
        int[] indices = Npy.read(work.resolve("graph_indices.npy")).asInts();
        float[] data = Npy.read(work.resolve("graph_data.npy")).asFloats();
        Npy.Array p = Npy.read(work.resolve("pca.npy"));
        int n = indptr.length - 1;
        CsrMatrix g = CsrMatrix.of(n, n, indptr, indices, data);
        DenseMatrix pca = new DenseMatrix(p.rows(), p.cols(), p.asFloats());
        var bean = ManagementFactory.getThreadMXBean();
        long c0 = bean.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        DenseMatrix y = Umap.embed(g, pca, Umap.Options.defaults().withSeed(seed));
        long t1 = System.nanoTime();
        long c1 = bean.getCurrentThreadCpuTime();
        Npy.writeFloats(work.resolve("umap-" + seed + ".npy"), y.data(), y.nRows(), 2);
        System.out.printf("{\"cells\": %d, \"edges\": %d, \"wall_s\": %.3f, \"thread_cpu_s\": %.3f, \"layout_hash\": \"%08x\"}%n",
                n, indices.length, (t1 - t0) / 1e9, (c1 - c0) / 1e9, java.util.Arrays.hashCode(y.data()));
    }
}
