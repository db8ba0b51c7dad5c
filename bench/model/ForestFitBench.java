import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.classifiers.Classifier;
import org.cellbook.core.model.classifiers.FittedClassifier;
import org.cellbook.core.model.classifiers.RandomForestHist;
import org.cellbook.core.model.classifiers.RandomForestSmile;
import org.cellbook.core.model.classifiers.TrainingData;
import org.cellbook.core.model.metrics.BinaryMetrics;
import org.cellbook.core.model.split.Groups;

/**
 * Per-fit time and held-out AUC of one random-forest implementation on bench/model's synthetic
 * matrix: train on patients 101-105, test on 106-107, each parameter set fitted REPS times after
 * WARMUP fits (seeds 0..). Usage: java -cp CP ForestFitBench.java DATA_DIR smile|hist WARMUP REPS
 * Prints one JSON line per parameter set.
 */
public class ForestFitBench {
    public static void main(String[] a) throws Exception {
        Path d = Path.of(a[0]);
        Classifier c = a[1].equals("smile") ? new RandomForestSmile() : new RandomForestHist();
        int warmup = Integer.parseInt(a[2]);
        int reps = Integer.parseInt(a[3]);
        Npy.Array xa = Npy.read(d.resolve("x.npy"));
        float[] xf = xa.asFloats();
        int[] y = Npy.read(d.resolve("y.npy")).asInts();
        int[] g = Npy.read(d.resolve("g.npy")).asInts();
        int p = xa.cols();
        double[][] x = IntStream.range(0, y.length).mapToObj(i -> {
            double[] r = new double[p];
            for (int j = 0; j < p; j++) {
                r[j] = xf[i * p + j];
            }
            return r;
        }).toArray(double[][]::new);
        int[] tr = IntStream.range(0, y.length).filter(i -> g[i] <= 105).toArray();
        int[] te = IntStream.range(0, y.length).filter(i -> g[i] > 105).toArray();
        double[][] xtr = IntStream.of(tr).mapToObj(i -> x[i]).toArray(double[][]::new);
        int[] ytr = IntStream.of(tr).map(i -> y[i]).toArray();
        double[][] xte = IntStream.of(te).mapToObj(i -> x[i]).toArray(double[][]::new);
        int[] yte = IntStream.of(te).map(i -> y[i]).toArray();
        TrainingData t = new TrainingData(xtr, ytr, Groups.ofInts(new int[ytr.length]));
        var cpuBean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Map<String, Object> params : java.util.List.<Map<String, Object>>of(
                Map.of("n_estimators", 100, "max_depth", 8, "min_samples_leaf", 1, "class_weight", "balanced"),
                Map.of("n_estimators", 50, "max_depth", 4, "min_samples_leaf", 5, "class_weight", "balanced"),
                Map.of("n_estimators", 100))) {
            for (int s = 0; s < warmup; s++) {
                c.fit(t, params, 1000 + s).predictProba(xte);
            }
            long cpu0 = cpuBean.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            double auc = 0;
            for (int s = 0; s < reps; s++) {
                try (FittedClassifier f = c.fit(t, params, s)) {
                    auc += BinaryMetrics.rocAuc(yte, f.predictProba(xte));
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9 / reps;
            double cpu = (cpuBean.getCurrentThreadCpuTime() - cpu0) / 1e9 / reps;
            System.out.printf("{\"impl\": \"%s\", \"params\": \"%s\", \"train_rows\": %d, \"features\": %d, \"seconds_per_fit\": %.4f, \"thread_cpu_seconds_per_fit\": %.4f, \"mean_auc\": %.4f}%n",
                    a[1], new java.util.TreeMap<>(params), xtr.length, p, secs, cpu, auc / reps);
        }
    }
}
