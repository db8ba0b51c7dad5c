import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.cv.CvResults;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.ModelPlan;
import org.cellbook.core.model.cv.ModelSpec;
import org.cellbook.core.model.cv.NestedLopo;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution.Choice;
import org.cellbook.core.model.search.ParamDistribution.IntRange;
import org.cellbook.core.model.search.ParamDistribution.LogUniform;
import org.cellbook.core.model.search.ParamDistribution.Uniform;
import org.cellbook.core.model.search.SearchSpace;

/**
 * The Java side of bench/model: nested LOPO for one model family with an executor of N threads.
 * Usage: java -cp CP ModelBench.java DATA_DIR FAMILY N_ITER THREADS [CANDIDATES_JSON]
 * Prints one JSON line: family, threads, wall and process CPU seconds of the CV run, pooled cell
 * AUC, and a digest of every probability's bits (equal digests = bit-identical results across
 * thread counts). With CANDIDATES_JSON, also writes the searched candidates (fixed parameters
 * merged in) so the Python side can search exactly the same ones.
 */
public class ModelBench {
    public static void main(String[] a) throws Exception {
        Path d = Path.of(a[0]);
        String family = a[1];
        int nIter = Integer.parseInt(a[2]);
        int threads = Integer.parseInt(a[3]);
        Npy.Array x = Npy.read(d.resolve("x.npy"));
        int[] y = Npy.read(d.resolve("y.npy")).asInts();
        int[] g = Npy.read(d.resolve("g.npy")).asInts();
        String[] patients = new String[y.length];
        int[] cells = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            patients[i] = "P" + g[i];
            cells[i] = i;
        }
        List<String> names = java.util.stream.IntStream.range(0, x.cols()).mapToObj(j -> "f" + j).toList();
        boolean linear = family.equals("logreg") || family.equals("linear_svm");
        FeatureSet fs = new FeatureSet("bench", new DenseMatrix(x.rows(), x.cols(), x.asFloats()), names, cells, y, patients,
                linear ? List.of(new StandardScaler()) : List.of());
        ModelPlan plan = switch (family) {
            case "logreg" -> new ModelPlan(new ModelSpec("logreg", "logreg", Map.of("max_iter", 1000)), SearchSpace.random(nIter, Map.of("C", new LogUniform(1e-3, 1e2))));
            case "linear_svm" -> new ModelPlan(new ModelSpec("linear_svm", "linear_svm", Map.of("max_iter", 10000)), SearchSpace.random(nIter, Map.of("C", new LogUniform(1e-4, 1e1))));
            case "random_forest" -> new ModelPlan(new ModelSpec("random_forest", "random_forest", Map.of("n_estimators", 50)),
                    SearchSpace.random(nIter, Map.of("max_depth", Choice.of(4, 8, 16, null), "min_samples_leaf", Choice.of(1, 5, 20),
                            "max_features", Choice.of("sqrt", 0.3))));
            case "xgboost" -> new ModelPlan(new ModelSpec("xgboost", "xgboost", Map.of("n_estimators", 50)),
                    SearchSpace.random(nIter, Map.of("max_depth", new IntRange(2, 7), "learning_rate", new LogUniform(0.01, 0.3),
                            "subsample", new Uniform(0.6, 1.0), "colsample_bytree", new Uniform(0.6, 1.0))));
            default -> throw new IllegalArgumentException("unknown family " + family);
        };
        NestedLopo cv = NestedLopo.of(List.of(fs), List.of(plan), 2026);
        if (a.length > 4) {
            var task = cv.plan().get(0);
            StringBuilder js = new StringBuilder("[");
            for (Map<String, Object> c : task.search().candidates(task.searchSeed())) {
                Map<String, Object> m = new java.util.TreeMap<>(task.model().fixedParams());
                m.putAll(c);
                js.append(js.length() > 1 ? ",\n " : "").append('{');
                int k = 0;
                for (var e : m.entrySet()) {
                    Object v = e.getValue();
                    js.append(k++ > 0 ? ", " : "").append('"').append(e.getKey()).append("\": ")
                            .append(v == null ? "null" : v instanceof String str ? "\"" + str + "\"" : v.toString());
                }
                js.append('}');
            }
            java.nio.file.Files.writeString(Path.of(a[4]), js.append("]\n").toString());
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        CvResults r = cv.run(FoldExecutor.threads(threads), ProgressListener.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        var m = r.metrics();
        var pooled = m.where(m.stringColumn("fold").isEqualTo("pooled"));
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        for (var res : r.results()) {
            for (double p : res.proba()) {
                long bits = Double.doubleToRawLongBits(p);
                for (int k = 0; k < 8; k++) {
                    md.update((byte) (bits >>> (8 * k)));
                }
            }
        }
        String digest = java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        System.out.printf("{\"family\": \"%s\", \"threads\": %d, \"seconds\": %.3f, \"cpu_seconds\": %.3f, \"pooled_cell_auc\": %s, \"proba_digest\": \"%s\"}%n",
                family, threads, secs, cpu, pooled.doubleColumn("roc_auc").getDouble(0), digest);
    }
}
