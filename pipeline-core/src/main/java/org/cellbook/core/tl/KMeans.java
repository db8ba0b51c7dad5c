package org.cellbook.core.tl;

import java.util.SplittableRandom;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.data.Matrix;

/**
 * k-means with scikit-learn's {@code KMeans(init='k-means++', algorithm='lloyd')} semantics, on
 * dense or sparse rows (e.g. TCR k-mer counts).
 *
 * <ul>
 *   <li>Init: greedy k-means++ with {@code 2 + floor(ln k)} local trials per centre, first centre
 *       uniform, candidates drawn proportionally to squared distance to the nearest centre.</li>
 *   <li>Lloyd iterations until labels stop changing, or the summed squared centre shift is at most
 *       {@code tol} x mean column variance, or {@code maxIter}; then a final assignment to the last
 *       centres when stopped by tolerance (as scikit-learn).</li>
 *   <li>An empty cluster is re-seeded with the point farthest from its centre.</li>
 *   <li>{@code nInit} runs, the lowest inertia wins; default 1 = scikit-learn's {@code n_init='auto'}
 *       for k-means++.</li>
 * </ul>
 * Deviation: random numbers come from Java's {@link SplittableRandom} seeded by {@code seed}, not
 * numpy's, so labels match scikit-learn in agreement (ARI) and inertia, not bit for bit. Ties go
 * to the lower centre index.
 */
public final class KMeans {
    public record Options(int k, int nInit, int maxIter, double tol, long seed) {
        public static Options of(int k) {
            return new Options(k, 1, 300, 1e-4, 0);
        }

        public Options withNInit(int n) {
            return new Options(k, n, maxIter, tol, seed);
        }

        public Options withSeed(long s) {
            return new Options(k, nInit, maxIter, tol, s);
        }
    }

    /** Labels per row, centres (k x features), sum of squared distances to the own centre, iterations of the best run. */
    public record Result(int[] labels, DenseMatrix centers, double inertia, int nIter) {
    }

    private final Rows rows;
    private final int n;
    private final int d;

    private KMeans(Matrix x) {
        this.rows = x instanceof CsrMatrix c ? new SparseRows(c) : new DenseRows((DenseMatrix) x);
        this.n = x.nRows();
        this.d = x.nCols();
    }

    public static Result fit(Matrix x, Options o) {
        if (o.k() < 1 || o.k() > x.nRows()) {
            throw BadInputException.parameter("k", "must be between 1 and the number of rows (" + x.nRows() + "), got " + o.k(),
                    "choose fewer clusters");
        }
        if (o.nInit() < 1 || o.maxIter() < 1) {
            throw BadInputException.parameter(o.nInit() < 1 ? "n_init" : "max_iter", "must be at least 1",
                    "use the defaults (n_init 1, max_iter 300)");
        }
        KMeans km = new KMeans(x);
        double tol = o.tol() * km.meanVariance();
        SplittableRandom root = new SplittableRandom(o.seed());
        Result best = null;
        for (int run = 0; run < o.nInit(); run++) {
            Result r = km.single(o.k(), o.maxIter(), tol, root.split());
            if (best == null || r.inertia() < best.inertia()) {
                best = r;
            }
        }
        return best;
    }

    private double meanVariance() {
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (int i = 0; i < n; i++) {
            rows.accumulate(i, mean, 1.0);
            rows.accumulateSquares(i, sq);
        }
        double total = 0;
        for (int t = 0; t < d; t++) {
            double m = mean[t] / n;
            total += Math.max(0, sq[t] / n - m * m);
        }
        return total / d;
    }

    private Result single(int k, int maxIter, double tol, SplittableRandom rng) {
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = rows.squaredNorm(i);
        }
        double[][] centers = plusPlus(k, rng, norms);
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, -1);
        double[] dist = new double[n];
        int it = 0;
        boolean strict = false;
        for (; it < maxIter; it++) {
            boolean changed = assign(centers, norms, labels, dist);
            if (!changed && it > 0) {
                strict = true;
                break;
            }
            double[][] next = update(k, labels, dist);
            double shift = 0;
            for (int c = 0; c < k; c++) {
                for (int t = 0; t < d; t++) {
                    double v = next[c][t] - centers[c][t];
                    shift += v * v;
                }
            }
            centers = next;
            if (shift <= tol) {
                it++;
                break;
            }
        }
        if (!strict) {
            assign(centers, norms, labels, dist);
        }
        double inertia = 0;
        for (double v : dist) {
            inertia += v;
        }
        float[] c = new float[k * d];
        for (int a = 0; a < k; a++) {
            for (int t = 0; t < d; t++) {
                c[a * d + t] = (float) centers[a][t];
            }
        }
        return new Result(labels, new DenseMatrix(k, d, c), inertia, it);
    }

    /** E-step; dist receives squared distances to the chosen centre. True when a label changed. */
    private boolean assign(double[][] centers, double[] norms, int[] labels, double[] dist) {
        int k = centers.length;
        double[] cn = new double[k];
        for (int c = 0; c < k; c++) {
            for (double v : centers[c]) {
                cn[c] += v * v;
            }
        }
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double dd = norms[i] - 2 * rows.dot(i, centers[c]) + cn[c];
                if (dd < bestD) {
                    bestD = dd;
                    best = c;
                }
            }
            changed |= labels[i] != best;
            labels[i] = best;
            dist[i] = Math.max(0, bestD);
        }
        return changed;
    }

    private double[][] update(int k, int[] labels, double[] dist) {
        double[][] sum = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            rows.accumulate(i, sum[labels[i]], 1.0);
            count[labels[i]]++;
        }
        // Empty clusters take the points farthest from their centres, farthest first.
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                int far = 0;
                for (int i = 1; i < n; i++) {
                    if (dist[i] > dist[far]) {
                        far = i;
                    }
                }
                int old = labels[far];
                rows.accumulate(far, sum[old], -1.0);
                count[old]--;
                rows.accumulate(far, sum[c], 1.0);
                count[c] = 1;
                labels[far] = c;
                dist[far] = 0;
            }
        }
        for (int c = 0; c < k; c++) {
            for (int t = 0; t < d; t++) {
                sum[c][t] /= count[c];
            }
        }
        return sum;
    }

    private double[][] plusPlus(int k, SplittableRandom rng, double[] norms) {
        double[][] centers = new double[k][];
        int trials = 2 + (int) Math.log(k);
        int first = rng.nextInt(n);
        centers[0] = rows.dense(first);
        double[] closest = new double[n];
        double pot = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = sqDist(i, centers[0], norms[i]);
            pot += closest[i];
        }
        double[] cumulative = new double[n];
        for (int c = 1; c < k; c++) {
            double run = 0;
            for (int i = 0; i < n; i++) {
                run += closest[i];
                cumulative[i] = run;
            }
            int bestCand = -1;
            double bestPot = Double.POSITIVE_INFINITY;
            double[] bestDist = null;
            for (int t = 0; t < trials; t++) {
                double r = rng.nextDouble() * pot;
                int cand = searchSorted(cumulative, r);
                double[] cd = rows.dense(cand);
                double[] nd = new double[n];
                double p = 0;
                for (int i = 0; i < n; i++) {
                    nd[i] = Math.min(closest[i], sqDist(i, cd, norms[i]));
                    p += nd[i];
                }
                if (p < bestPot) {
                    bestPot = p;
                    bestCand = cand;
                    bestDist = nd;
                }
            }
            centers[c] = rows.dense(bestCand);
            closest = bestDist;
            pot = bestPot;
        }
        return centers;
    }

    private double sqDist(int i, double[] center, double norm) {
        double cn = 0;
        for (double v : center) {
            cn += v * v;
        }
        return Math.max(0, norm - 2 * rows.dot(i, center) + cn);
    }

    /** numpy's searchsorted(side='left'), clipped to the last row. */
    private static int searchSorted(double[] cumulative, double v) {
        int lo = 0;
        int hi = cumulative.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.min(lo, cumulative.length - 1);
    }

    /** Row access shared by dense and sparse inputs. */
    private interface Rows {
        double dot(int i, double[] v);

        double squaredNorm(int i);

        void accumulate(int i, double[] into, double sign);

        void accumulateSquares(int i, double[] into);

        double[] dense(int i);
    }

    private record DenseRows(DenseMatrix m) implements Rows {
        public double dot(int i, double[] v) {
            float[] a = m.data();
            int o = i * m.nCols();
            double s = 0;
            for (int t = 0; t < v.length; t++) {
                s += a[o + t] * v[t];
            }
            return s;
        }

        public double squaredNorm(int i) {
            float[] a = m.data();
            int o = i * m.nCols();
            double s = 0;
            for (int t = 0; t < m.nCols(); t++) {
                s += (double) a[o + t] * a[o + t];
            }
            return s;
        }

        public void accumulate(int i, double[] into, double sign) {
            float[] a = m.data();
            int o = i * m.nCols();
            for (int t = 0; t < into.length; t++) {
                into[t] += sign * a[o + t];
            }
        }

        public void accumulateSquares(int i, double[] into) {
            float[] a = m.data();
            int o = i * m.nCols();
            for (int t = 0; t < into.length; t++) {
                into[t] += (double) a[o + t] * a[o + t];
            }
        }

        public double[] dense(int i) {
            double[] out = new double[m.nCols()];
            accumulate(i, out, 1.0);
            return out;
        }
    }

    private record SparseRows(CsrMatrix m) implements Rows {
        public double dot(int i, double[] v) {
            int[] idx = m.rowIndices(i);
            float[] dat = m.rowData(i);
            int o = m.rowOffset(i);
            double s = 0;
            for (int p = o; p < o + m.rowLength(i); p++) {
                s += dat[p] * v[idx[p]];
            }
            return s;
        }

        public double squaredNorm(int i) {
            float[] dat = m.rowData(i);
            int o = m.rowOffset(i);
            double s = 0;
            for (int p = o; p < o + m.rowLength(i); p++) {
                s += (double) dat[p] * dat[p];
            }
            return s;
        }

        public void accumulate(int i, double[] into, double sign) {
            int[] idx = m.rowIndices(i);
            float[] dat = m.rowData(i);
            int o = m.rowOffset(i);
            for (int p = o; p < o + m.rowLength(i); p++) {
                into[idx[p]] += sign * dat[p];
            }
        }

        public void accumulateSquares(int i, double[] into) {
            int[] idx = m.rowIndices(i);
            float[] dat = m.rowData(i);
            int o = m.rowOffset(i);
            for (int p = o; p < o + m.rowLength(i); p++) {
                into[idx[p]] += (double) dat[p] * dat[p];
            }
        }

        public double[] dense(int i) {
            double[] out = new double[m.nCols()];
            accumulate(i, out, 1.0);
            return out;
        }
    }
}
