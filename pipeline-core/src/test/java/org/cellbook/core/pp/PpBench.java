package org.cellbook.core.pp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.io.Npy;
import org.cellbook.core.pp.HighlyVariableGenes.Flavor;
import tech.tablesaw.api.BooleanColumn;

/**
 * Java side of {@code bench/pp}: runs the pp steps on CSR .npy files made by
 * {@code bench/pp/make_data.py} and writes per-step wall time and peak heap as JSON.
 * Usage: {@code PpBench DATA_DIR OUT_JSON} (see bench/pp/README.md; not a test).
 */
public final class PpBench {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Map<String, Double> peakHeapMb = new LinkedHashMap<>();
    /** Process CPU time per step (all threads, user + system): less noisy than wall time on a shared machine. */
    private final Map<String, Double> cpuSeconds = new LinkedHashMap<>();
    /** Minor page faults per step: first touches of fresh memory, the main cost of allocating large arrays. */
    private final Map<String, Double> minorFaults = new LinkedHashMap<>();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws IOException {
        new PpBench().run(Path.of(args[0]), Path.of(args[1]));
    }

    /**
     * PP_BENCH_GC=1: collect before each step, outside its time. Python frees a dropped array by
     * reference counting at once and the next allocation reuses those pages; the JVM finds dead
     * arrays only at a collection, and until then a new large array takes fresh pages (zeroed
     * and mapped by the kernel on first touch, most of a filter's cost). Off by default.
     */
    private static final boolean GC_BETWEEN_STEPS = "1".equals(System.getenv("PP_BENCH_GC"));
    /** Wall time of the collection before each step (PP_BENCH_GC=1), reported apart from the step. */
    private final Map<String, Double> gcSeconds = new LinkedHashMap<>();

    private <T> T timed(String name, Supplier<T> step) {
        if (GC_BETWEEN_STEPS) {
            long g = System.nanoTime();
            System.gc();
            gcSeconds.put(name, (System.nanoTime() - g) / 1e9);
        }
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long faults = minorFaults();
        long cpu = OS.getProcessCpuTime();
        long t = System.nanoTime();
        T out = step.get();
        double s = (System.nanoTime() - t) / 1e9;
        cpuSeconds.put(name, (OS.getProcessCpuTime() - cpu) / 1e9);
        minorFaults.put(name, (double) (minorFaults() - faults));
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        seconds.put(name, s);
        peakHeapMb.put(name, peak / 1048576.0);
        System.out.printf("%s: %.2f s, peak heap %.0f MB%n", name, s, peak / 1048576.0);
        return out;
    }

    /** The container the next step reads: replaced step by step, as scanpy_bench.py rebinds {@code adata}. */
    private AnnData cur;

    /**
     * Runs the steps holding only what scanpy_bench.py holds: one current container, each step's
     * input dropped once its output replaces it (scanpy's in-place steps and {@code adata = ...}
     * do the same), so the JVM can reuse memory the Python side would have freed.
     */
    private void run(Path dir, Path out) throws IOException {
        cur = timed("load", () -> load(dir));
        int rawCells = cur.nObs();
        int rawGenes = cur.nVars();
        long rawNnz = cur.xSparse().nnz();
        cur = timed("qc_metrics", () -> QcMetrics.calculate(cur, QcMetrics.Params.defaults()));
        cur = timed("filter_cells", () -> Filters.filterCells(cur, Filters.CellParams.minGenes(200)));
        cur = timed("filter_genes", () -> Filters.filterGenes(cur, Filters.GeneParams.minCells(3)));
        cur = timed("filter_pct_mt", () -> Filters.filterByObsMax(cur, Filters.PctParams.maxPctMt(20)));
        HighlyVariableGenes.Params top = HighlyVariableGenes.Params.defaults().withNTopGenes(2000);
        timed("hvg_seurat_v3", () -> HighlyVariableGenes.apply(cur, top.withFlavor(Flavor.SEURAT_V3)));
        // As scanpy's normalize_total (inplace=True) rescales X.data: the counts are not read again
        // here, so the in-place variant does the same work. PP_BENCH_NORMALIZE=copy times the
        // functional one (new value arrays) instead.
        boolean copy = "copy".equals(System.getenv("PP_BENCH_NORMALIZE"));
        cur = timed("normalize_total", () -> copy
                ? NormalizeTotal.apply(cur, NormalizeTotal.Params.defaults())
                : NormalizeTotal.applyInPlace(cur, NormalizeTotal.Params.defaults()));
        cur = timed("log1p", () -> Log1p.apply(cur, Log1p.Params.defaults()));
        timed("hvg_cell_ranger", () -> HighlyVariableGenes.apply(cur, top.withFlavor(Flavor.CELL_RANGER)));
        AnnData hvg = timed("hvg_seurat", () -> HighlyVariableGenes.apply(cur, top.withFlavor(Flavor.SEURAT)));
        BooleanColumn flag = (BooleanColumn) hvg.var().column("highly_variable");
        AnnData logHvg = cur.subsetVar(IntStream.range(0, cur.nVars()).filter(flag::get).toArray());
        hvg = null;
        cur = null;
        AnnData scaled = timed("scale", () -> Scale.apply(logHvg, new Scale.Params(true, 10.0)));
        // PP_BENCH_UNTIL=scale: stop before PCA and the sparse SVD (the slow end) on both sides
        if (!"scale".equals(System.getenv("PP_BENCH_UNTIL"))) {
            AnnData pcs = timed("pca", () -> Pca.apply(scaled, Pca.Params.defaults().withNComps(50)));
            String pcsOut = System.getenv("PP_BENCH_PCS");
            if (pcsOut != null && !pcsOut.isEmpty()) {
                org.cellbook.core.data.DenseMatrix scores = pcs.obsm().get("X_pca");
                Npy.writeFloats(Path.of(pcsOut), scores.data(), scores.nRows(), scores.nCols());
            }
            int[] all = IntStream.range(0, logHvg.nVars()).toArray();
            timed("truncated_svd_sparse", () -> Pca.sparse(logHvg.xSparse(), all, 50, false, 0));
        }
        StringBuilder json = new StringBuilder("{\n \"steps\": {");
        appendMap(json, seconds);
        json.append("},\n \"cpu_seconds\": {");
        appendMap(json, cpuSeconds);
        json.append("},\n \"gc_seconds_before\": {");
        appendMap(json, gcSeconds);
        json.append("},\n \"minor_faults\": {");
        appendMap(json, minorFaults);
        json.append("},\n \"peak_heap_mb\": {");
        appendMap(json, peakHeapMb);
        json.append("},\n \"peak_rss_mb\": ").append(vmHwmMb())
                .append(",\n \"threads\": ").append(Runtime.getRuntime().availableProcessors())
                .append(",\n \"max_heap_mb\": ").append(Runtime.getRuntime().maxMemory() / 1048576)
                .append(",\n \"input\": {\"cells\": ").append(rawCells).append(", \"genes\": ").append(rawGenes)
                .append(", \"nnz\": ").append(rawNnz).append("}")
                .append(",\n \"cells_after_filters\": ").append(logHvg.nObs())
                .append(",\n \"hvgs\": ").append(logHvg.nVars()).append("\n}\n");
        Files.writeString(out, json);
    }

    private static void appendMap(StringBuilder json, Map<String, Double> m) {
        String sep = "";
        for (var e : m.entrySet()) {
            json.append(sep).append("\n  \"").append(e.getKey()).append("\": ").append(String.format(java.util.Locale.ROOT, "%.4f", e.getValue()));
            sep = ",";
        }
    }

    /** Field 10 of /proc/self/stat (after the parenthesised command name); -1 where there is none. */
    private static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double vmHwmMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /**
     * A cohort folder (samples.csv, as {@code cellbook synth} writes) is read as the pipeline reads
     * it: every sample's 10x mtx folder, barcodes prefixed with the sample id, concatenated, with
     * the sample-sheet annotations (a gex-only copy of the sheet, samples-gex-only.csv, so TCR merging is not timed).
     * Otherwise the folder holds make_data.py's CSR .npy files.
     */
    private static AnnData load(Path dir) {
        if (Files.exists(dir.resolve("samples.csv"))) {
            return loadCohort(dir);
        }
        try {
            long[] shape = longs(dir.resolve("shape.npy"));
            CsrMatrix x = CsrMatrix.of((int) shape[0], (int) shape[1], longs(dir.resolve("indptr.npy")),
                    ints(dir.resolve("indices.npy")), floats(dir.resolve("data.npy")));
            List<String> obs = Files.readAllLines(dir.resolve("obs.txt")).stream().filter(s -> !s.isEmpty()).toList();
            List<String> var = Files.readAllLines(dir.resolve("var.txt")).stream().filter(s -> !s.isEmpty()).toList();
            return AnnData.builder(x, obs, var).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static AnnData loadCohort(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("samples.csv"));
            int tcr = List.of(lines.get(0).split(",")).indexOf("tcr_path");
            StringBuilder sheet = new StringBuilder();
            for (String line : lines) {
                List<String> cells = new java.util.ArrayList<>(List.of(line.split(",", -1)));
                if (tcr >= 0 && cells.size() > tcr) {
                    cells.remove(tcr);
                }
                sheet.append(String.join(",", cells)).append('\n');
            }
            // next to the original, so the relative gex paths resolve the same way
            Path gexOnly = dir.resolve("samples-gex-only.csv");
            Files.writeString(gexOnly, sheet);
            return org.cellbook.core.io.CohortLoader.load(gexOnly).adata();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Maps a little-endian .npy body (header parsed for its length only; dtype trusted from make_data.py). */
    private static MappedByteBuffer body(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, 12);
            head.order(ByteOrder.LITTLE_ENDIAN);
            int major = head.get(6);
            long offset = major == 1 ? 10 + (head.getShort(8) & 0xffff) : 12 + head.getInt(8);
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, offset, ch.size() - offset);
            b.order(ByteOrder.LITTLE_ENDIAN);
            return b;
        }
    }

    private static float[] floats(Path f) throws IOException {
        MappedByteBuffer b = body(f);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static int[] ints(Path f) throws IOException {
        MappedByteBuffer b = body(f);
        int[] out = new int[b.remaining() / 4];
        b.asIntBuffer().get(out);
        return out;
    }

    private static long[] longs(Path f) throws IOException {
        MappedByteBuffer b = body(f);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }

}
