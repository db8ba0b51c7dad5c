package org.cellbook.core.model.deep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.metrics.BinaryMetrics;

/**
 * Not a test: run by bench/deep/run.sh. Times one fold (fit on 80% of the rows for a fixed
 * number of epochs, no early stopping; predict the other 20%) of each deep architecture on
 * synthetic one-hot CDR3 data (wall and CPU seconds), and writes the data as .npy so the PyTorch script times the same.
 *
 * <p>Arguments: n length epochs batchSize out.json [npyDir]
 */
public final class DeepBenchmark {
    /** PyTorch runs on the calling thread (one intra-op thread), so its CPU time is the fit's, whatever the machine's load. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private DeepBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int length = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        SyntheticCdr3 data = SyntheticCdr3.sequences(n, 10, length, 20, 2026);
        int nTrain = n * 4 / 5;
        SyntheticCdr3 train = rows(data, 0, nTrain);
        SyntheticCdr3 test = rows(data, nTrain, n);
        if (args.length > 5) {
            writeNpy(Path.of(args[5]), data, length, nTrain);
        }
        long t0 = System.nanoTime();
        DeepEngine.engine();
        double engineStart = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> params = Map.of("max_epochs", epochs, "validation_fraction", 0.0, "batch_size", batch);
        List<Map<String, Object>> results = new ArrayList<>();
        for (DeepClassifier c : DeepClassifier.all()) {
            // Warm-up: one tiny fit so class loading and first-call native setup are not timed.
            try (FittedDeepClassifier w = c.fit(rows(train, 0, 256).training(), Map.of("max_epochs", 1), 1)) {
                w.predictProba(rows(test, 0, 16).x());
            }
            long f0 = System.nanoTime();
            long c0 = CPU.getCurrentThreadCpuTime();
            FittedDeepClassifier f = c.fit(train.training(), params, 7);
            double fitS = (System.nanoTime() - f0) / 1e9;
            double fitCpuS = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
            long p0 = System.nanoTime();
            double[] proba = f.predictProba(test.x());
            double predictS = (System.nanoTime() - p0) / 1e9;
            f.close();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("family", c.family());
            r.put("params", c.defaults().entrySet().stream().collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(),
                    params.getOrDefault(e.getKey(), e.getValue())), Map::putAll));
            r.put("fit_seconds", fitS);
            r.put("fit_cpu_seconds", fitCpuS);
            r.put("seconds_per_epoch", fitS / epochs);
            r.put("predict_seconds", predictS);
            r.put("test_roc_auc", BinaryMetrics.rocAuc(test.y(), proba));
            results.add(r);
            System.err.printf("%-12s fit %.1fs (cpu %.1fs, %.2fs/epoch)  predict %.2fs  AUC %.3f%n", c.family(), fitS, fitCpuS, fitS / epochs,
                    predictS, r.get("test_roc_auc"));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("n_sequences", n);
        doc.put("max_length", length);
        doc.put("n_train", nTrain);
        doc.put("n_test", n - nTrain);
        doc.put("epochs", epochs);
        doc.put("batch_size", batch);
        doc.put("engine", DeepEngine.engine().getEngineName() + " " + DeepEngine.engine().getVersion() + " (DJL "
                + ai.djl.engine.Engine.getDjlVersion() + ")");
        doc.put("torch_threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
        doc.put("engine_start_seconds", engineStart);
        doc.put("java", System.getProperty("java.version"));
        doc.put("djl", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
    }

    static SyntheticCdr3 rows(SyntheticCdr3 d, int from, int to) {
        return new SyntheticCdr3(Arrays.copyOfRange(d.x(), from, to), Arrays.copyOfRange(d.y(), from, to),
                Arrays.copyOfRange(d.patients(), from, to));
    }

    private static void writeNpy(Path dir, SyntheticCdr3 d, int length, int nTrain) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int n = d.x().length;
        int w = length * 20;
        float[] x = new float[n * w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                x[i * w + j] = (float) d.x()[i][j];
            }
        }
        Npy.writeFloats(dir.resolve("x.npy"), x, n, w);
        Npy.writeInts(dir.resolve("y.npy"), d.y(), n);
        Npy.writeInts(dir.resolve("n_train.npy"), new int[] {nTrain}, 1);
    }
}
