package org.cellbook.core.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.provenance.RunManifest;

/**
 * Times the notebook's load_cohort, qc_filter and preprocess steps (through PCA) as
 * {@link TcrResponsePipeline} runs them: per step wall seconds (the step runner's records) and the
 * process CPU seconds of each of the three calls, with a fresh disk cache (so cache encoding,
 * hashing and writing count) or with the cache off. Not a test; see bench/pp70k/README.md.
 * Usage: {@code StepsBench CONFIG.yaml SCRATCH_DIR cache|nocache OUT_JSON}.
 */
public final class StepsBench {
    public static void main(String[] args) throws IOException {
        Path config = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        boolean cache = args[2].equals("cache");
        Path cacheDir = scratch.resolve("cache");
        delete(cacheDir);
        RunContext ctx = RunContext.create(config, Map.of(), List.of(), cacheDir, !cache,
                PipelineConfig.ExecutorKind.THREADS, null, line -> { });
        TcrResponsePipeline pipe = new TcrResponsePipeline(ctx);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        StringBuilder json = new StringBuilder("{\n \"cache\": " + cache + ",\n \"threads\": "
                + Runtime.getRuntime().availableProcessors() + ",\n \"calls\": {");
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Tracked<AnnData> raw = pipe.load();
        raw.value();
        long c1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        Tracked<AnnData> qc = pipe.qc(raw);
        qc.value();
        long c2 = os.getProcessCpuTime();
        long t2 = System.nanoTime();
        Tracked<AnnData> pp = pipe.preprocess(qc);
        pp.value();
        long c3 = os.getProcessCpuTime();
        long t3 = System.nanoTime();
        json.append(call("load_cohort", t1 - t0, c1 - c0)).append(',')
                .append(call("qc_filter", t2 - t1, c2 - c1)).append(',')
                .append(call("preprocess", t3 - t2, c3 - c2)).append("},\n \"steps\": {");
        List<String> steps = new ArrayList<>();
        for (RunManifest.StepRecord r : ctx.steps().records()) {
            steps.add(String.format(java.util.Locale.ROOT, "\n  \"%s\": %.3f", r.id(), r.seconds()));
        }
        json.append(String.join(",", steps)).append("\n },\n \"cells\": ").append(pp.value().nObs())
                .append(",\n \"genes\": ").append(pp.value().nVars()).append("\n}\n");
        Files.writeString(Path.of(args[3]), json);
        System.out.print(json);
        delete(cacheDir);
        System.exit(0);
    }

    private static String call(String name, long nanos, long cpu) {
        return String.format(java.util.Locale.ROOT, "\n  \"%s\": {\"wall\": %.3f, \"cpu\": %.3f}", name, nanos / 1e9, cpu / 1e9);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
