import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.pipeline.TcrResponsePipeline;
import org.cellbook.core.synth.SyntheticFeatureSet;
import org.cellbook.core.env.Project;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.cv.ray.RayCluster;
import org.cellbook.core.model.cv.ray.RayFoldExecutor;
import org.cellbook.core.model.cv.ray.RayOptions;
import org.cellbook.core.model.features.FeatureSet;

/**
 * Ray overhead against threads on the demo's fold workload: the demo cohort's shape (8 patients,
 * 2 x 150 cells each, 50 PCs, standard-scaled) with the models of notebooks/tcr-response/config.yaml.
 * Starts a two-node cluster on this machine (1 CPU each), times a threads(2) run, a cold Ray run
 * (worker JVMs start), a warm one and threads(2) again (JIT-warm), checks all agree bit for bit,
 * stops the cluster and writes JSON. Run by bench/ray/run.sh.
 */
public class RayOverhead {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String command = args[1];
        Path root = Project.root();
        PipelineConfig config = PipelineConfig.loader()
                .resolve(root.resolve("notebooks/tcr-response/config.yaml"), Map.of(), List.of()).config();
        // Demo-shaped: 8 patients x 300 cells, 50 features like the gene PCs.
        FeatureSet features = SyntheticFeatureSet.of("gene_pca", 42, 8, 300, 50, 5, 0.8);
        NestedLopo cv = new NestedLopo(List.of(features), TcrResponsePipeline.modelPlans(config.models()),
                config.cv().innerSplitter(), config.cv().innerSplits(), config.seed());
        List<FoldTask> tasks = cv.plan();

        RayCluster cluster = new RayCluster(Path.of("/tmp/cellbook-ray-bench"), root.resolve(".venv/bin/ray"));
        Map<String, Object> r = new LinkedHashMap<>();
        cluster.stop();
        try {
            long t0 = System.nanoTime();
            String address = cluster.startHead(0, 1, 100L << 20);
            long t1 = System.nanoTime();
            cluster.join(address, 1, 100L << 20);
            long t2 = System.nanoTime();
            r.put("cluster_start_head_s", (t1 - t0) / 1e9);
            r.put("cluster_add_node_s", (t2 - t1) / 1e9);

            long a = System.nanoTime();
            List<FoldResult> threads = FoldExecutor.threads(2).run(tasks, cv.data(), ProgressListener.NONE);
            double threadsS = (System.nanoTime() - a) / 1e9;

            RayFoldExecutor ray = new RayFoldExecutor(RayOptions.cluster(address));
            List<FoldResult> cold = ray.run(tasks, cv.data(), ProgressListener.NONE);
            RayFoldExecutor.RunStats coldStats = ray.lastRun();
            List<FoldResult> warm = ray.run(tasks, cv.data(), ProgressListener.NONE);
            RayFoldExecutor.RunStats warmStats = ray.lastRun();
            // Threads again, JIT-warm like the Ray workers of the warm run.
            long b = System.nanoTime();
            List<FoldResult> threadsWarm = FoldExecutor.threads(2).run(tasks, cv.data(), ProgressListener.NONE);
            double threadsWarmS = (System.nanoTime() - b) / 1e9;
            boolean identical = same(threads, cold) && same(threads, warm) && same(threads, threadsWarm);

            r.put("tasks", tasks.size());
            r.put("threads_2_cold_total_s", threadsS);
            r.put("threads_2_warm_total_s", threadsWarmS);
            r.put("sum_of_task_compute_s_threads_warm", threadsWarm.stream().mapToLong(FoldResult::fitTimeMs).sum() / 1e3);
            r.put("sum_of_task_compute_s_ray_warm", warm.stream().mapToLong(FoldResult::fitTimeMs).sum() / 1e3);
            r.put("ray_connect_s", coldStats.connectMs() / 1e3);
            r.put("ray_data_shipping_s", coldStats.shipMs() / 1e3);
            r.put("ray_data_shipped_bytes", coldStats.shippedBytes());
            r.put("ray_cold_total_s", coldStats.wallMs() / 1e3);
            r.put("ray_warm_total_s", warmStats.wallMs() / 1e3);
            r.put("ray_warm_data_shipping_s", warmStats.shipMs() / 1e3);
            r.put("ray_per_task_overhead_ms_warm", (warmStats.wallMs() - threadsWarmS * 1e3) / tasks.size());
            r.put("ray_worker_startup_s_estimate", (coldStats.wallMs() - warmStats.wallMs()) / 1e3);
            r.put("results_bit_identical", identical);
            if (!identical) {
                throw new AssertionError("Ray and threads results differ");
            }
        } finally {
            RayFoldExecutor.disconnect();
            cluster.stop();
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "ray-overhead");
        doc.put("date", Instant.now().toString());
        doc.put("command", command);
        doc.put("workload", "demo-shaped feature set: 8 patients x 300 cells, 50 features, StandardScaler; models and "
                + "cv of notebooks/tcr-response/config.yaml; LOPO nested CV; head 1 CPU + second node 1 CPU, 1 CPU per task");
        doc.put("results", r);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("ray", "2.39.0 (Java API, Python ray[default] in .venv)");
        machine.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        machine.put("note", "shared machine: other helpers were building and testing at the same time, so absolute "
                + "times are noisy; compare within this file only");
        doc.put("machine", machine);
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        System.exit(0);
    }

    private static boolean same(List<FoldResult> a, List<FoldResult> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).taskId().equals(b.get(i).taskId()) || !a.get(i).probaBits().equals(b.get(i).probaBits())
                    || !a.get(i).bestParams().equals(b.get(i).bestParams())) {
                return false;
            }
        }
        return a.size() == b.size();
    }
}
