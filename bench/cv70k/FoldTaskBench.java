import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FeatureSetCodec;
import org.cellbook.core.model.features.FeatureSetSpec;
import org.cellbook.core.model.features.FeatureSets;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.pipeline.RunContext;
import org.cellbook.core.pipeline.TcrResponsePipeline;

/**
 * The reference cohort's nested CV (issue 10, 70,000 cells) alone: per task the worker thread's
 * CPU seconds and allocated bytes, per model sums, GC count/time, JIT time, load averages and a
 * fingerprint of every result bit.
 *
 * <p>Args: configYaml cacheDir setsDir workers... The feature sets are read from setsDir/*.cbfs
 * (FeatureSetCodec); when missing they are computed through the pipeline (cache hits from a copy
 * of the reference run's cache) and written there. One run per workers entry in this JVM (0 =
 * sequential executor); the first is JIT-cold. Prints one JSON object per run.
 */
public class FoldTaskBench {
    static final java.lang.management.ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Path setsDir = Path.of(args[2]);
        ObjectMapper json = new ObjectMapper();
        RunContext ctx = RunContext.create(config, Map.of(), List.of(), cache, false,
                PipelineConfig.ExecutorKind.THREADS, 1, line -> { });
        RunContext.install(ctx);
        PipelineConfig c = ctx.config();
        List<FeatureSet> sets = new ArrayList<>();
        if (!Files.isDirectory(setsDir)) {
            TcrResponsePipeline pipe = new TcrResponsePipeline(ctx);
            AnnData features = pipe.tcrFeatures(pipe.cluster(pipe.preprocess(pipe.qc(pipe.load())))).value();
            Files.createDirectories(setsDir);
            for (String name : c.featureSets()) {
                List<String> keys = new ArrayList<>();
                for (String block : name.split("\\+")) {
                    keys.add(switch (block) {
                        case "gene_pca" -> TcrResponsePipeline.PCA_KEY;
                        case "trb_physchem" -> TcrResponsePipeline.TRB_PHYSCHEM_KEY;
                        default -> TcrResponsePipeline.TRB_KMER_SVD_KEY;
                    });
                }
                FeatureSet fs = FeatureSets.fromAnnData(features, new FeatureSetSpec(name, keys, List.of(), List.of(new StandardScaler())),
                        TcrResponsePipeline.LABELS);
                Files.write(setsDir.resolve(name + ".cbfs"), FeatureSetCodec.encode(fs));
            }
        }
        for (String name : c.featureSets()) {
            sets.add(FeatureSetCodec.decode(Files.readAllBytes(setsDir.resolve(name + ".cbfs"))));
        }
        for (FeatureSet fs : sets) {
            System.err.println(fs.name() + ": " + fs.nRows() + " x " + fs.nFeatures());
        }
        NestedLopo cv = new NestedLopo(sets, TcrResponsePipeline.modelPlans(c.models()), c.cv().innerSplitter(), c.cv().innerSplits(), c.seed());
        List<FoldTask> tasks = cv.plan();
        String only = System.getProperty("bench.only", "");
        if (!only.isEmpty()) {
            tasks = tasks.stream().filter(t -> t.id().contains(only)).toList();
        }
        for (int i = 3; i < args.length; i++) {
            System.out.println(json.writeValueAsString(run(cv, tasks, Integer.parseInt(args[i]), i == 3)));
        }
        System.exit(0);
    }

    static Map<String, Object> run(NestedLopo cv, List<FoldTask> tasks, int workers, boolean first) throws Exception {
        com.sun.management.ThreadMXBean amx = (com.sun.management.ThreadMXBean) MX;
        Map<Long, long[]> last = new ConcurrentHashMap<>();
        Map<String, double[]> perTask = new ConcurrentHashMap<>(); // cpu s, alloc MiB, wall s
        double[] load0 = load();
        long comp0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long[] gc0 = gc();
        long proc0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        Map<String, Long> threads0 = threadCpuByKind();
        long t0 = System.nanoTime();
        long mainCpu0 = MX.getCurrentThreadCpuTime();
        long mainAlloc0 = amx.getCurrentThreadAllocatedBytes();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void taskFinished(int done, int total, FoldResult r) {
                long cpu = MX.getCurrentThreadCpuTime();
                long alloc = amx.getCurrentThreadAllocatedBytes();
                long[] prev = last.put(Thread.currentThread().threadId(), new long[] {cpu, alloc});
                long[] base = prev != null ? prev : workers == 0 ? new long[] {mainCpu0, mainAlloc0} : new long[] {0, 0};
                perTask.put(r.taskId(), new double[] {(cpu - base[0]) / 1e9, (alloc - base[1]) / 1048576.0, r.fitTimeMs() / 1e3});
            }
        };
        List<FoldResult> results = (workers == 0 ? FoldExecutor.sequential() : FoldExecutor.threads(workers))
                .run(tasks, cv.data(), listener);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workers", workers);
        r.put("jit_cold", first);
        r.put("wall_s", round(wall));
        r.put("process_cpu_s", round((((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() - proc0) / 1e9));
        Map<String, Long> threads1 = threadCpuByKind();
        Map<String, Double> kinds = new java.util.TreeMap<>();
        threads1.forEach((k, v) -> kinds.put(k, round((v - threads0.getOrDefault(k, 0L)) / 100.0)));
        r.put("cpu_s_by_thread_kind", kinds);
        r.put("task_cpu_s_sum", round(perTask.values().stream().mapToDouble(v -> v[0]).sum()));
        r.put("task_wall_s_sum", round(perTask.values().stream().mapToDouble(v -> v[2]).sum()));
        r.put("task_alloc_mib_sum", round(perTask.values().stream().mapToDouble(v -> v[1]).sum()));
        r.put("jit_compile_s", round((ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - comp0) / 1e3));
        long[] gc1 = gc();
        r.put("gc_count", gc1[0] - gc0[0]);
        r.put("gc_pause_s", round((gc1[1] - gc0[1]) / 1e3));
        r.put("load_before", load0);
        r.put("load_after", load());
        Map<String, double[]> byModel = new LinkedHashMap<>();
        for (FoldTask t : tasks) {
            double[] v = perTask.get(t.id());
            byModel.merge(t.featureSet() + "/" + t.model().name(), v.clone(), (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            byModel.merge(t.model().name(), v.clone(), (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        }
        Map<String, Object> models = new LinkedHashMap<>();
        byModel.forEach((k, v) -> models.put(k, Map.of("task_cpu_s", round(v[0]), "alloc_mib", round(v[1]), "task_wall_s", round(v[2]))));
        r.put("per_model", models);
        r.put("result_sha256", fingerprint(results));
        return r;
    }

    static String fingerprint(List<FoldResult> results) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (FoldResult r : results) {
            md.update(r.taskId().getBytes());
            md.update(String.valueOf(r.bestParams()).getBytes());
            md.update(String.valueOf(Double.doubleToLongBits(r.innerAuc())).getBytes());
            for (double a : r.candidateAucs()) {
                md.update(String.valueOf(Double.doubleToLongBits(a)).getBytes());
            }
            md.update(String.valueOf(r.probaBits()).getBytes());
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** CPU clock ticks (USER_HZ = 100) of this process's threads by kind: JIT compiler, GC, fold workers, other. */
    static Map<String, Long> threadCpuByKind() throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (var ts = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : ts.toList()) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (java.io.IOException e) {
                    continue; // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                String kind = name.startsWith("C2 ") ? "jit_c2" : name.startsWith("C1 ") ? "jit_c1"
                        : name.startsWith("G1") || name.startsWith("GC ") || name.startsWith("ParGC") ? "gc"
                        : name.startsWith("cellbook-fold") ? "fold_workers" : name.equals("main") || name.equals("java") ? "main" : "other";
                out.merge(kind, ticks, Long::sum);
            }
        }
        return out;
    }

    static long[] gc() {
        long n = 0;
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += b.getCollectionCount();
            ms += b.getCollectionTime();
        }
        return new long[] {n, ms};
    }

    static double[] load() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
