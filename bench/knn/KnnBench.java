import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.io.Npy;
import org.cellbook.core.tl.KnnGraph;
import org.cellbook.core.tl.NnDescent;

/**
 * NN-descent timing (run by bench/knn/run.sh and bench/knn/ab.sh): wall and process CPU seconds of
 * one NnDescent search after a warm-up, the distance evaluations it made (when the classes report
 * them), and recall@k against brute force on a fixed sample of queries.
 * Usage: java -cp CP KnnBench.java N DIM K THREADS CLUSTERS [PCS.npy]; with a .npy file (float32
 * rows x PCs) its rows replace the mixture and N, DIM, CLUSTERS are ignored.
 * -Dknn.list, -Dknn.trees, -Dknn.leaf, -Dknn.candidates, -Dknn.iterations, -Dknn.delta override
 * Params.defaults; -Dknn.out=FILE.npy writes the n x k indices (int32) for bench/knn/recall.py;
 * -Dknn.queries=Q sets the in-harness recall sample (default 1000, 0 = skip).
 */
public class KnnBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int clusters = Integer.parseInt(args[4]);
        float[] data;
        if (args.length > 5) {
            var a = Npy.read(Path.of(args[5]));
            n = a.rows();
            d = a.cols();
            data = a.asFloats();
        } else {
            data = mixture(n, d, clusters, 0);
        }
        DenseMatrix x = new DenseMatrix(n, d, data);
        int w = Math.min(n, 10000);
        NnDescent.search(new DenseMatrix(w, d, java.util.Arrays.copyOf(data, w * d)), k, 0, threads); // warm-up (JIT)
        NnDescent.Params dp = NnDescent.Params.defaults(n, k);
        NnDescent.Params p = new NnDescent.Params(Integer.getInteger("knn.list", dp.listSize()),
                Integer.getInteger("knn.trees", dp.nTrees()), Integer.getInteger("knn.leaf", dp.leafSize()),
                Integer.getInteger("knn.candidates", dp.maxCandidates()), Integer.getInteger("knn.iterations", dp.maxIterations()),
                Double.parseDouble(System.getProperty("knn.delta", Double.toString(dp.delta()))));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        KnnGraph g;
        String work = "null";
        try {
            // classes that report their work (Run) ...
            Object run = NnDescent.class.getMethod("run", DenseMatrix.class, int.class, long.class, int.class, NnDescent.Params.class)
                    .invoke(null, x, k, 0L, threads, p);
            g = (KnnGraph) run.getClass().getMethod("graph").invoke(run);
            work = String.format("{\"distance_evaluations\": %d, \"iterations\": %d}",
                    run.getClass().getMethod("distanceEvaluations").invoke(run), run.getClass().getMethod("iterations").invoke(run));
        } catch (NoSuchMethodException e) {
            g = NnDescent.search(x, k, 0, threads, p); // ... or a baseline build that does not
        }
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        String out = System.getProperty("knn.out");
        if (out != null) {
            Npy.writeInts(Path.of(out), g.indices(), n, k);
        }
        int queries = Integer.getInteger("knn.queries", 1000);
        double recall = queries > 0 ? recall(data, n, d, k, g, queries) : Double.NaN;
        System.out.printf("{\"n\": %d, \"dim\": %d, \"k\": %d, \"threads\": %d, \"params\": \"%s\", \"wall_s\": %.3f, \"cpu_s\": %.3f, \"work\": %s, \"recall_harness\": %s, \"load_average_1m_before\": %.2f, \"load_average_1m_after\": %.2f}%n",
                n, d, k, threads, p, (t1 - t0) / 1e9, (c1 - c0) / 1e9, work, queries > 0 ? String.format("%.4f", recall) : "null", load, os.getSystemLoadAverage());
    }

    /** Clusters with PCA-like decaying spread per dimension, centres ~N(0, 4^2). */
    static float[] mixture(int n, int d, int clusters, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[clusters][d];
        for (double[] c : centres) {
            for (int t = 0; t < d; t++) {
                c[t] = 4.0 * gauss(rng) / Math.sqrt(1 + t);
            }
        }
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            double[] c = centres[rng.nextInt(clusters)];
            for (int t = 0; t < d; t++) {
                out[i * d + t] = (float) (c[t] + gauss(rng) / Math.sqrt(1 + t));
            }
        }
        return out;
    }

    static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** recall@k with self (ties to the k-th distance count as hits). */
    static double recall(float[] x, int n, int d, int k, KnnGraph g, int queries) {
        SplittableRandom rng = new SplittableRandom(99);
        long hit = 0;
        for (int s = 0; s < queries; s++) {
            int q = rng.nextInt(n);
            double[] best = new double[n];
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int t = 0; t < d; t++) {
                    double v = (double) x[q * d + t] - x[j * d + t];
                    acc += v * v;
                }
                best[j] = acc;
            }
            double[] sorted = best.clone();
            java.util.Arrays.sort(sorted);
            double kth = sorted[k - 1];
            for (int j = 0; j < k; j++) {
                if (best[g.index(q, j)] <= kth) {
                    hit++;
                }
            }
        }
        return hit / (double) (queries * k);
    }
}
