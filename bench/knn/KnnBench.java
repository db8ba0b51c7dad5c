import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.tl.KnnGraph;
import org.cellbook.core.tl.NnDescent;

/**
 * NN-descent timing on a Gaussian mixture (run by bench/knn/run.sh): wall and process CPU seconds
 * of NnDescent.search, and recall@k against brute force on a fixed sample of queries.
 * Usage: java -cp CP KnnBench.java N DIM K THREADS CLUSTERS [PCS.npy]; with a .npy file (float32
 * rows x PCs) its rows replace the mixture and N, DIM, CLUSTERS are ignored.
 */
public class KnnBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int clusters = Integer.parseInt(args[4]);
        float[] data;
        if (args.length > 5) {
            var a = org.cellbook.core.io.Npy.read(java.nio.file.Path.of(args[5]));
            n = a.rows();
            d = a.cols();
            data = a.asFloats();
        } else {
            data = mixture(n, d, clusters, 0);
        }
        DenseMatrix x = new DenseMatrix(n, d, data);
        NnDescent.search(new DenseMatrix(3000, d, java.util.Arrays.copyOf(data, 3000 * d)), k, 0, threads); // warm-up
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        NnDescent.Params dp = NnDescent.Params.defaults(n, k);
        // -Dknn.list / -Dknn.candidates override the defaults to explore the recall/time trade-off
        NnDescent.Params p = new NnDescent.Params(Integer.getInteger("knn.list", dp.listSize()), dp.nTrees(), dp.leafSize(),
                Integer.getInteger("knn.candidates", dp.maxCandidates()), dp.maxIterations(), dp.delta());
        KnnGraph g = NnDescent.search(x, k, 0, threads, p);
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        double recall = recall(data, n, d, k, g, 1000);
        System.out.printf("{\"n\": %d, \"dim\": %d, \"k\": %d, \"threads\": %d, \"wall_s\": %.3f, \"cpu_s\": %.3f, \"recall_1000_queries\": %.4f, \"load_average_1m\": %.2f}%n",
                n, d, k, threads, (t1 - t0) / 1e9, (c1 - c0) / 1e9, recall, os.getSystemLoadAverage());
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
