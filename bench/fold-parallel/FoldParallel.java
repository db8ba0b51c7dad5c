import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
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
import org.cellbook.core.model.features.FeatureSetSpec;
import org.cellbook.core.model.features.FeatureSets;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.pipeline.RunContext;
import org.cellbook.core.pipeline.TcrResponsePipeline;

/**
 * The demo's nested CV alone, as the notebook's crossValidate cell runs it (same feature sets,
 * StandardScaler, models and CV of notebooks/tcr-response/config.yaml), with what a cell timing
 * cannot show: per task the worker thread's CPU seconds and allocated bytes (read on the worker
 * when it reports the task), the process's CPU seconds, JIT compilation and GC time, and the host's
 * steal time. The steps before the CV come from a cache folder (computed on the first call).
 *
 * <p>Args: demoDir (a `cellbook demo --out` folder: its data/samples.csv is read) cacheDir
 * workers... (one run per entry, in this JVM, in the given order; the first one is JIT-cold).
 * Prints one JSON object per run on stdout.
 */
public class FoldParallel {
    static final java.lang.management.ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path demo = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Path root = Path.of(System.getProperty("cellbook.root", "."));
        ObjectMapper json = new ObjectMapper();
        RunContext ctx = RunContext.create(root.resolve("notebooks/tcr-response/config.yaml"), Map.of(),
                List.of("data.sample_sheet=" + demo.resolve("data/samples.csv"), "data.results_dir=/tmp/fp-harness-results"),
                cache, false, PipelineConfig.ExecutorKind.THREADS, 1, line -> { });
        RunContext.install(ctx);
        TcrResponsePipeline pipe = new TcrResponsePipeline(ctx);
        AnnData features = pipe.tcrFeatures(pipe.cluster(pipe.preprocess(pipe.qc(pipe.load())))).value();
        PipelineConfig c = ctx.config();
        List<FeatureSet> sets = new ArrayList<>();
        for (String name : c.featureSets()) {
            List<String> keys = new ArrayList<>();
            for (String block : name.split("\\+")) {
                keys.add(switch (block) {
                    case "gene_pca" -> TcrResponsePipeline.PCA_KEY;
                    case "trb_physchem" -> TcrResponsePipeline.TRB_PHYSCHEM_KEY;
                    default -> TcrResponsePipeline.TRB_KMER_SVD_KEY;
                });
            }
            sets.add(FeatureSets.fromAnnData(features, new FeatureSetSpec(name, keys, List.of(), List.of(new StandardScaler())),
                    TcrResponsePipeline.LABELS));
        }
        // In a cold notebook run the CV cell starts ~15 s after the computed load step started the
        // fold-code warm-up (TcrResponsePipeline.load, ClassWarmup.foldCodeInBackground), which has
        // finished by then. Here the load comes from the cache, so run the warm-up itself, before
        // the CV (builds without it, or -Dcellbook.foldWarmup=false, skip it).
        long w0 = System.nanoTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("cellbook-class-warmup") || t.getName().equals("cellbook-fold-warmup")) {
                t.join();
            }
        }
        if (Boolean.parseBoolean(System.getProperty("cellbook.foldWarmup", "true"))) {
            try {
                Class.forName("org.cellbook.core.model.cv.FoldCodeWarmup").getMethod("run", int.class)
                        .invoke(null, Integer.getInteger("cellbook.foldWarmup.rounds", 2));
            } catch (ClassNotFoundException e) {
                // an older build
            }
        }
        // ... and the JIT has compiled what the warm-up queued (the run's steps before the CV take
        // 10-20 s): wait until compile time stops growing for half a second (at most 30 s).
        var jit = ManagementFactory.getCompilationMXBean();
        long settle0 = System.nanoTime();
        for (long before = -1; jit.getTotalCompilationTime() != before && System.nanoTime() - settle0 < 30_000_000_000L; ) {
            before = jit.getTotalCompilationTime();
            Thread.sleep(500);
        }
        System.err.printf("%.2f s of warm-up before the CV%n", (System.nanoTime() - w0) / 1e9);
        NestedLopo cv = new NestedLopo(sets, TcrResponsePipeline.modelPlans(c.models()), c.cv().innerSplitter(), c.cv().innerSplits(), c.seed());
        List<FoldTask> tasks = cv.plan();
        for (int i = 2; i < args.length; i++) {
            System.out.println(json.writeValueAsString(run(cv, tasks, Integer.parseInt(args[i]), i == 2)));
        }
        System.exit(0);
    }

    static Map<String, Object> run(NestedLopo cv, List<FoldTask> tasks, int workers, boolean first) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean amx = (com.sun.management.ThreadMXBean) MX;
        Map<Long, long[]> last = new ConcurrentHashMap<>(); // thread id -> cpu ns, allocated bytes at its previous report
        Map<String, double[]> perTask = new ConcurrentHashMap<>(); // task id -> cpu s, alloc MiB, wall s
        long[] cpuSteal0 = steal();
        double[] load0 = load();
        long comp0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long[] gc0 = gc();
        long proc0 = os.getProcessCpuTime();
        Map<String, Long> threads0 = threadCpuByKind();
        long t0 = System.nanoTime();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void taskFinished(int done, int total, FoldResult r) {
                long cpu = MX.getCurrentThreadCpuTime();
                long alloc = amx.getCurrentThreadAllocatedBytes();
                long[] prev = last.put(Thread.currentThread().threadId(), new long[] {cpu, alloc});
                perTask.put(r.taskId(), new double[] {(cpu - (prev == null ? base(cpu) : prev[0])) / 1e9,
                        (alloc - (prev == null ? 0 : prev[1])) / 1048576.0, r.fitTimeMs() / 1e3});
            }
        };
        List<FoldResult> results = (workers == 0 ? FoldExecutor.sequential() : FoldExecutor.threads(workers))
                .run(tasks, cv.data(), listener);
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workers", workers);
        r.put("jit_cold", first);
        r.put("wall_s", round(wall));
        r.put("process_cpu_s", round((os.getProcessCpuTime() - proc0) / 1e9));
        Map<String, Long> threads1 = threadCpuByKind();
        Map<String, Double> kinds = new java.util.TreeMap<>();
        threads1.forEach((k, v) -> kinds.put(k, round((v - threads0.getOrDefault(k, 0L)) / 100.0)));
        r.put("cpu_s_by_thread_kind", kinds);
        double taskCpu = perTask.values().stream().mapToDouble(v -> v[0]).sum();
        r.put("task_cpu_s_sum", round(taskCpu));
        r.put("task_wall_s_sum", round(perTask.values().stream().mapToDouble(v -> v[2]).sum()));
        r.put("task_alloc_mib_sum", round(perTask.values().stream().mapToDouble(v -> v[1]).sum()));
        r.put("jit_compile_s", round((ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - comp0) / 1e3));
        long[] gc1 = gc();
        r.put("gc_count", gc1[0] - gc0[0]);
        r.put("gc_s", round((gc1[1] - gc0[1]) / 1e3));
        long[] cpuSteal1 = steal();
        r.put("host_steal_s", round((cpuSteal1[1] - cpuSteal0[1]) / 100.0));
        r.put("machine_busy_s", round((cpuSteal1[0] - cpuSteal0[0]) / 100.0));
        r.put("load_before", load0);
        r.put("load_after", load());
        Map<String, double[]> byModel = new LinkedHashMap<>();
        for (FoldTask t : tasks) {
            double[] v = perTask.get(t.id());
            byModel.merge(t.model().name(), new double[] {v[0], v[2]}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        }
        Map<String, Object> models = new LinkedHashMap<>();
        byModel.forEach((k, v) -> models.put(k, Map.of("task_cpu_s", round(v[0]), "task_wall_s", round(v[1]))));
        r.put("per_model", models);
        r.put("result_sha256", fingerprint(results));
        // Tail effect without the machine's noise: list-schedule the measured task CPU seconds on
        // `workers` ideal cores in the executor's submission order (makespan / (sum / workers)).
        double[] cpuInOrder = tasks.stream().mapToDouble(t -> perTask.get(t.id())[0]).toArray();
        r.put("task_cpu_s", java.util.Arrays.stream(cpuInOrder).map(FoldParallel::round).toArray());
        if (workers > 1) {
            double span = makespan(cpuInOrder, submissionOrder(tasks), workers);
            r.put("simulated_makespan_s", round(span));
            r.put("simulated_tail_efficiency", round(taskCpu / workers / span));
        }
        return r;
    }

    /** The order ThreadPoolExecutor submits tasks in (its cost(), read reflectively: it is package-private). */
    static int[] submissionOrder(List<FoldTask> tasks) throws Exception {
        java.lang.reflect.Method cost = Class.forName("org.cellbook.core.model.cv.ThreadPoolExecutor")
                .getDeclaredMethod("cost", FoldTask.class);
        cost.setAccessible(true);
        double[] c = new double[tasks.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (double) cost.invoke(null, tasks.get(i));
        }
        return java.util.stream.IntStream.range(0, c.length).boxed()
                .sorted(java.util.Comparator.comparingDouble((Integer i) -> -c[i]).thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    static double makespan(double[] seconds, int[] order, int workers) {
        double[] free = new double[workers];
        for (int i : order) {
            int w = 0;
            for (int k = 1; k < workers; k++) {
                if (free[k] < free[w]) {
                    w = k;
                }
            }
            free[w] += seconds[i];
        }
        return java.util.Arrays.stream(free).max().orElse(0);
    }

    /** The first task a thread reports started after the thread's CPU so far; a fresh pool thread starts near 0. */
    static long base(long cpu) {
        return 0;
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
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
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
                        : name.startsWith("G1") || name.startsWith("GC ") ? "gc" : name.startsWith("cellbook-fold") ? "fold_workers" : "other";
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

    /** Machine-wide busy and steal clock ticks (USER_HZ = 100) from /proc/stat. */
    static long[] steal() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i <= 3; i++) {
            busy += Long.parseLong(f[i]);
        }
        return new long[] {busy, Long.parseLong(f[8])};
    }

    static double[] load() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
