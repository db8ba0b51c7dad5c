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
 * java -cp CP UmapBench.java from-cache CACHE_DIR KEY WORKDIR       # same from a cached neighbors_leiden entry
 * java -cp CP UmapBench.java time WORKDIR SEED [SCHEDULE [THREADS]] # one cold Umap.embed
 * java -cp CP UmapBench.java quality WORKDIR LAYOUT.npy             # kNN preservation of a layout
 * </pre>
 *
 * {@code prepare} runs the notebook's load, qc, preprocess and neighbors_leiden steps (cached in
 * WORKDIR/cache) and writes the connectivities (CSR parts) and X_pca; {@code time} reads them in a
 * fresh JVM and times a single {@code Umap.embed} there, cold, as the demo runs it: wall, CPU
 * seconds of this thread and of the whole process (JIT and pool threads included), then writes
 * the layout to WORKDIR/umap-SCHEDULE-SEED.npy.
 */
public class UmapBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            case "from-cache" -> fromCache(Path.of(args[1]), args[2], Path.of(args[3]));
            case "quality" -> quality(Path.of(args[1]), args[2]);
            default -> time(Path.of(args[1]), Long.parseLong(args[2]), args.length > 3 ? args[3] : "sequential",
                    args.length > 4 ? Integer.parseInt(args[4]) : 1);
        }
    }

    static void prepare(Path config, Path sheet, Path work) {
        Files.isDirectory(work);
        RunContext ctx = RunContext.create(config, Map.of(), List.of("data.sample_sheet=" + sheet.toAbsolutePath()),
                work.resolve("cache"), false, null, 1, System.err::println);
        RunContext.install(ctx);
        TcrResponsePipeline pipe = new TcrResponsePipeline(ctx);
        AnnData clustered = pipe.cluster(pipe.preprocess(pipe.qc(pipe.load()))).value();
        write(clustered, work);
    }

    /**
     * Reads the AnnData of the neighbors_leiden step from a cache directory (e.g. a copy of an
     * e2e run's cache/cluster entry), by the key in its metadata file, and writes it as in prepare.
     */
    static void fromCache(Path cacheDir, String key, Path work) throws Exception {
        Path meta = cacheDir.resolve("cluster").resolve(key + ".json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta.toFile());
        var b = org.cellbook.cache.CacheKey.builder(json.get("kind").asText(), json.get("name").asText())
                .codeVersion(json.get("codeVersion").asText());
        for (var p : json.get("params").properties()) {
            Object v = p.getValue().isArray() ? java.util.stream.StreamSupport.stream(p.getValue().spliterator(), false)
                    .map(x -> (Object) x.asDouble()).toList() : p.getValue().isIntegralNumber() ? (Object) p.getValue().asLong()
                    : p.getValue().asText();
            b.param(p.getKey(), v);
        }
        for (var in : json.get("inputs")) {
            b.input(in.get("key").asText());
        }
        var k = b.build();
        if (!k.hex().equals(key)) {
            throw new IllegalStateException("rebuilt key " + k.hex() + " differs from " + key);
        }
        AnnData a = org.cellbook.cache.CacheStore.open(cacheDir).get(k, org.cellbook.core.data.DataCodecs.ANNDATA).orElseThrow();
        Files.createDirectories(work);
        write(a, work);
    }

    static void write(AnnData clustered, Path work) {
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

    static CsrMatrix graph(Path work) {
        int[] indptr = Npy.read(work.resolve("graph_indptr.npy")).asInts();
        int[] indices = Npy.read(work.resolve("graph_indices.npy")).asInts();
        float[] data = Npy.read(work.resolve("graph_data.npy")).asFloats();
        int n = indptr.length - 1;
        return CsrMatrix.of(n, n, indptr, indices, data);
    }

    /**
     * One cold layout with the given schedule (sequential | parallel) and threads; CPU time is
     * the whole process's (the parallel schedule runs on pool threads), from OperatingSystemMXBean.
     */
    static void time(Path work, long seed, String schedule, int threads) {
        CsrMatrix g = graph(work);
        Npy.Array p = Npy.read(work.resolve("pca.npy"));
        DenseMatrix pca = new DenseMatrix(p.rows(), p.cols(), p.asFloats());
        Umap.Options o = Umap.Options.defaults().withSeed(seed).withThreads(threads);
        // Umap.Schedule is new: the bench also runs against older classes, which only have the sequential loop.
        if (schedule.equals("parallel")) {
            o = o.withSchedule(Umap.Schedule.PARALLEL);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var bean = ManagementFactory.getThreadMXBean();
        long c0 = os.getProcessCpuTime();
        long tc0 = bean.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        DenseMatrix y = Umap.embed(g, pca, o);
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        long tc1 = bean.getCurrentThreadCpuTime();
        String name = "umap-" + schedule + "-" + seed + ".npy";
        Npy.writeFloats(work.resolve(name), y.data(), y.nRows(), 2);
        System.out.printf("{\"cells\": %d, \"edges\": %d, \"schedule\": \"%s\", \"threads\": %d, \"wall_s\": %.3f, \"thread_cpu_s\": %.3f, \"process_cpu_s\": %.3f, \"layout_hash\": \"%08x\"}%n",
                g.nRows(), g.nnz(), schedule, threads, (t1 - t0) / 1e9, (tc1 - tc0) / 1e9, (c1 - c0) / 1e9,
                java.util.Arrays.hashCode(y.data()));
    }

    /** kNN preservation (k = 15) of a layout written by time, on the prepared graph. */
    static void quality(Path work, String layoutFile) {
        CsrMatrix g = graph(work);
        Npy.Array l = Npy.read(work.resolve(layoutFile));
        DenseMatrix y = new DenseMatrix(l.rows(), 2, l.asFloats());
        double q = org.cellbook.core.tl.KnnPreservation.of(g, y, 15, Runtime.getRuntime().availableProcessors());
        System.out.printf("{\"layout\": \"%s\", \"knn_preservation_15\": %.5f}%n", layoutFile, q);
    }
}
