package org.cellbook.core.tl;

import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;

/** Test data: Gaussian mixtures shaped like PCA scores (spread decreasing along the dimensions). */
final class Mixtures {
    private Mixtures() {
    }

    /** Points around {@code clusters} centres; {@code labels}, when given, receives each point's centre. */
    static DenseMatrix pcaLike(int n, int d, int clusters, double separation, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[clusters][d];
        for (int c = 0; c < clusters; c++) {
            for (int t = 0; t < d; t++) {
                centres[c][t] = gaussian(rng) * separation / (1 + t / 3.0);
            }
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(clusters);
            if (labels != null) {
                labels[i] = c;
            }
            for (int t = 0; t < d; t++) {
                x[i * d + t] = (float) (centres[c][t] + gaussian(rng) * 1.5 / (1 + t / 10.0));
            }
        }
        return new DenseMatrix(n, d, x);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Brute-force k nearest (self excluded) of one query, by exact double distance then index. */
    static int[] bruteForce(DenseMatrix x, int q, int kMinus1) {
        int n = x.nRows();
        int d = x.nCols();
        float[] a = x.data();
        double[] dist = new double[n];
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                double v = (double) a[q * d + t] - a[j * d + t];
                s += v * v;
            }
            dist[j] = j == q ? Double.POSITIVE_INFINITY : s;
            order[j] = j;
        }
        java.util.Arrays.sort(order, (u, v) -> dist[u] != dist[v] ? Double.compare(dist[u], dist[v]) : Integer.compare(u, v));
        int[] out = new int[kMinus1];
        for (int i = 0; i < kMinus1; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
