package org.cellbook.core.tl;

import org.cellbook.core.data.DenseMatrix;

/**
 * Exact k nearest neighbours by blocked brute force, the equivalent of scikit-learn's
 * {@code KNeighborsTransformer(algorithm='brute')} that scanpy uses below 8,192 cells.
 *
 * <p>Like scikit-learn, candidates are ranked by {@code |y|^2 - 2 x.y} computed in float64 from
 * the float32 coordinates, and the reported distance is {@code sqrt(max(|x|^2 + that, 0))}. Ties
 * are broken by the smaller index. The point itself is always neighbour 0 at distance 0 (with
 * duplicated points scikit-learn may list a duplicate first; scanpy treats column 0 as self).
 * Queries are split into fixed blocks over {@code threads} threads; each block writes only its
 * own rows, so the result is identical for every thread count.
 */
public final class ExactKnn {
    private static final int QUERY_BLOCK = 64;

    private ExactKnn() {
    }

    public static KnnGraph search(DenseMatrix x, int k, int threads) {
        int n = x.nRows();
        int d = x.nCols();
        double[] data = toDouble(x);
        double[] norms = squaredNorms(data, n, d);
        int[] idx = new int[n * k];
        float[] dist = new float[n * k];
        Parallel.forBlocks(n, QUERY_BLOCK, threads, (from, to) -> {
            TopK[] heaps = new TopK[4];
            for (int h = 0; h < 4; h++) {
                heaps[h] = new TopK(k - 1);
            }
            for (int q = from; q < to; q += 4) {
                int m = Math.min(4, to - q);
                searchQueries(data, norms, n, d, q, m, heaps);
                for (int h = 0; h < m; h++) {
                    heaps[h].writeSorted(q + h, norms[q + h], idx, dist, k);
                    heaps[h].clear();
                }
            }
        });
        return new KnnGraph(n, k, idx, dist);
    }

    static double[] toDouble(DenseMatrix x) {
        float[] f = x.data();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    static double[] squaredNorms(double[] data, int n, int d) {
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                double v = data[i * d + t];
                s += v * v;
            }
            norms[i] = s;
        }
        return norms;
    }

    /** Up to four queries at once against every point: each point's row is read once per four queries. */
    private static void searchQueries(double[] data, double[] norms, int n, int d, int q, int m, TopK[] heaps) {
        int q0 = q * d;
        int q1 = (q + Math.min(1, m - 1)) * d;
        int q2 = (q + Math.min(2, m - 1)) * d;
        int q3 = (q + Math.min(3, m - 1)) * d;
        for (int j = 0; j < n; j++) {
            int y = j * d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int t = 0; t < d; t++) {
                double v = data[y + t];
                s0 += data[q0 + t] * v;
                s1 += data[q1 + t] * v;
                s2 += data[q2 + t] * v;
                s3 += data[q3 + t] * v;
            }
            double ny = norms[j];
            if (j != q) {
                heaps[0].offer(ny - 2 * s0, j);
            }
            if (m > 1 && j != q + 1) {
                heaps[1].offer(ny - 2 * s1, j);
            }
            if (m > 2 && j != q + 2) {
                heaps[2].offer(ny - 2 * s2, j);
            }
            if (m > 3 && j != q + 3) {
                heaps[3].offer(ny - 2 * s3, j);
            }
        }
    }

    /** Bounded max-heap keeping the {@code size} smallest (key, index) pairs; ties go to the smaller index. */
    static final class TopK {
        private final int size;
        private final double[] keys;
        private final int[] ids;
        private int count;

        TopK(int size) {
            this.size = size;
            this.keys = new double[size];
            this.ids = new int[size];
        }

        void clear() {
            count = 0;
        }

        private static boolean greater(double ka, int ia, double kb, int ib) {
            return ka > kb || (ka == kb && ia > ib);
        }

        void offer(double key, int id) {
            if (size == 0) {
                return;
            }
            if (count < size) {
                int c = count++;
                while (c > 0) {
                    int p = (c - 1) >> 1;
                    if (!greater(key, id, keys[p], ids[p])) {
                        break;
                    }
                    keys[c] = keys[p];
                    ids[c] = ids[p];
                    c = p;
                }
                keys[c] = key;
                ids[c] = id;
                return;
            }
            if (!greater(keys[0], ids[0], key, id)) {
                return;
            }
            int c = 0;
            while (true) {
                int l = 2 * c + 1;
                if (l >= size) {
                    break;
                }
                int r = l + 1;
                int big = r < size && greater(keys[r], ids[r], keys[l], ids[l]) ? r : l;
                if (!greater(keys[big], ids[big], key, id)) {
                    break;
                }
                keys[c] = keys[big];
                ids[c] = ids[big];
                c = big;
            }
            keys[c] = key;
            ids[c] = id;
        }

        /** Writes self then the kept neighbours in increasing (key, index) order into row {@code row}. */
        void writeSorted(int row, double selfNorm, int[] idx, float[] dist, int k) {
            int n = count;
            double[] ks = java.util.Arrays.copyOf(keys, n);
            int[] is = java.util.Arrays.copyOf(ids, n);
            for (int i = 1; i < n; i++) {
                double kk = ks[i];
                int ii = is[i];
                int j = i - 1;
                while (j >= 0 && greater(ks[j], is[j], kk, ii)) {
                    ks[j + 1] = ks[j];
                    is[j + 1] = is[j];
                    j--;
                }
                ks[j + 1] = kk;
                is[j + 1] = ii;
            }
            int base = row * k;
            idx[base] = row;
            dist[base] = 0f;
            for (int i = 0; i < n; i++) {
                idx[base + 1 + i] = is[i];
                dist[base + 1 + i] = (float) Math.sqrt(Math.max(selfNorm + ks[i], 0));
            }
        }
    }
}
