package org.cellbook.core.tl;

import org.cellbook.core.data.CsrMatrix;

/**
 * UMAP's fuzzy simplicial set of a kNN graph, as scanpy's {@code _connectivity.umap} gets it from
 * {@code umap.umap_.fuzzy_simplicial_set} with {@code set_op_mix_ratio=1},
 * {@code local_connectivity=1}: {@code obsp['connectivities']}.
 *
 * <p>Per point, {@code rho} is the distance to the nearest neighbour at a positive distance and
 * {@code sigma} is found by {@code smooth_knn_dist}'s binary search (64 steps at most, tolerance
 * 1e-5, target {@code log2(k)}, floor {@code 1e-3} x mean neighbour distance). Memberships
 * {@code exp(-(d - rho) / sigma)} (1 when {@code d <= rho}, 0 for the point itself) are then
 * symmetrised by the fuzzy union {@code a + b - a b}. Distances, rho, sigma and memberships are
 * float32 as in umap (its search runs in float64), so the values follow umap's rounding.
 */
public final class FuzzyConnectivities {
    private static final int N_ITER = 64;
    private static final double SMOOTH_K_TOLERANCE = 1e-5;
    private static final double MIN_K_DIST_SCALE = 1e-3;
    private static final double FLOAT_MAX = Float.MAX_VALUE;
    /** Points per parallel block (rows are independent, so any split gives the same values). */
    private static final int BLOCK = 4096;

    private FuzzyConnectivities() {
    }

    public static CsrMatrix compute(KnnGraph knn) {
        int n = knn.n();
        int k = knn.k();
        float[] rho = new float[n];
        float[] sigma = new float[n];
        smoothKnnDist(knn, rho, sigma);
        // Directed memberships, row-major like the knn arrays.
        float[] val = new float[n * k];
        Parallel.forBlocks(n, BLOCK, Parallel.defaultThreads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                memberships(knn, i, rho, sigma, val);
            }
        });
        CsrMatrix directed = directed(knn, val);
        return fuzzyUnion(directed);
    }

    private static void memberships(KnnGraph knn, int i, float[] rho, float[] sigma, float[] val) {
        int k = knn.k();
        for (int j = 0; j < k; j++) {
            int c = knn.index(i, j);
            float d = knn.distance(i, j);
            float v;
            if (c < 0 || c == i) {
                v = 0f;
            } else if (d - rho[i] <= 0f || sigma[i] == 0f) {
                v = 1f;
            } else {
                v = (float) Math.exp(-((d - rho[i]) / sigma[i]));
            }
            val[i * k + j] = v;
        }
    }

    private static void smoothKnnDist(KnnGraph knn, float[] rho, float[] sigma) {
        int n = knn.n();
        int k = knn.k();
        double target = Math.log(k) / Math.log(2);
        double meanAll = 0;
        for (float d : knn.distances()) {
            meanAll += d;
        }
        meanAll /= knn.distances().length;
        double meanOfAll = meanAll;
        Parallel.forBlocks(n, BLOCK, Parallel.defaultThreads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                smoothKnnDist(knn, i, target, meanOfAll, rho, sigma);
            }
        });
    }

    /** rho and sigma of point i: depends on row i only, so rows run in parallel. */
    private static void smoothKnnDist(KnnGraph knn, int i, double target, double meanAll, float[] rho, float[] sigma) {
        int k = knn.k();
        double lo = 0.0;
        double hi = FLOAT_MAX;
        double mid = 1.0;
        for (int j = 0; j < k; j++) {
            // local_connectivity = 1: the first positive distance.
            if (knn.distance(i, j) > 0f) {
                rho[i] = knn.distance(i, j);
                break;
            }
        }
        for (int it = 0; it < N_ITER; it++) {
            double psum = 0.0;
            for (int j = 1; j < k; j++) {
                float d = knn.distance(i, j) - rho[i];
                psum += d > 0f ? Math.exp(-(d / mid)) : 1.0;
            }
            if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
                break;
            }
            if (psum > target) {
                hi = mid;
                mid = (lo + hi) / 2.0;
            } else {
                lo = mid;
                mid = hi >= FLOAT_MAX ? mid * 2 : (lo + hi) / 2.0;
            }
        }
        float s = (float) mid;
        if (rho[i] > 0f) {
            double meanI = 0;
            for (int j = 0; j < k; j++) {
                meanI += knn.distance(i, j);
            }
            meanI /= k;
            if (s < MIN_K_DIST_SCALE * meanI) {
                s = (float) (MIN_K_DIST_SCALE * meanI);
            }
        } else if (s < MIN_K_DIST_SCALE * meanAll) {
            s = (float) (MIN_K_DIST_SCALE * meanAll);
        }
        sigma[i] = s;
    }

    /** The non-zero memberships as CSR, each row sorted by column (rows in parallel, fixed positions). */
    private static CsrMatrix directed(KnnGraph knn, float[] val) {
        int n = knn.n();
        int k = knn.k();
        int[] indptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int len = 0;
            for (int j = 0; j < k; j++) {
                len += val[i * k + j] != 0f ? 1 : 0;
            }
            indptr[i + 1] = indptr[i] + len;
        }
        int[] cols = new int[indptr[n]];
        float[] vals = new float[indptr[n]];
        Parallel.forBlocks(n, BLOCK, Parallel.defaultThreads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                int start = indptr[i];
                int end = start;
                for (int j = 0; j < k; j++) {
                    float v = val[i * k + j];
                    if (v == 0f) {
                        continue;
                    }
                    int c = knn.index(i, j);
                    int q = end++;
                    // insertion sort by column: rows hold at most k entries; stable, so repeated
                    // columns (summed by CsrMatrix.of, as scipy's coo->csr does) keep their order
                    while (q > start && cols[q - 1] > c) {
                        cols[q] = cols[q - 1];
                        vals[q] = vals[q - 1];
                        q--;
                    }
                    cols[q] = c;
                    vals[q] = v;
                }
            }
        });
        return CsrMatrix.of(n, n, indptr, cols, vals);
    }

    /** {@code A + A^T - A o A^T} in float32, in scipy's operation order; zeros dropped. */
    static CsrMatrix fuzzyUnion(CsrMatrix a) {
        int n = a.nRows();
        CsrMatrix t = transpose(a);
        CsrMatrix.Builder b = new CsrMatrix.Builder(n);
        int[] cols = new int[16];
        float[] vals = new float[16];
        for (int i = 0; i < n; i++) {
            int[] ai = a.rowIndices(i);
            float[] av = a.rowData(i);
            int ap = a.rowOffset(i);
            int ae = ap + a.rowLength(i);
            int[] ti = t.rowIndices(i);
            float[] tv = t.rowData(i);
            int tp = t.rowOffset(i);
            int te = tp + t.rowLength(i);
            int need = a.rowLength(i) + t.rowLength(i);
            if (cols.length < need) {
                cols = new int[need];
                vals = new float[need];
            }
            int len = 0;
            while (ap < ae || tp < te) {
                int ca = ap < ae ? ai[ap] : Integer.MAX_VALUE;
                int ct = tp < te ? ti[tp] : Integer.MAX_VALUE;
                float x = 0f;
                float y = 0f;
                int c;
                if (ca == ct) {
                    c = ca;
                    x = av[ap++];
                    y = tv[tp++];
                } else if (ca < ct) {
                    c = ca;
                    x = av[ap++];
                } else {
                    c = ct;
                    y = tv[tp++];
                }
                float sum = x + y;
                float prod = x * y;
                float w = sum - prod;
                if (w != 0f) {
                    cols[len] = c;
                    vals[len++] = w;
                }
            }
            b.addSortedRow(cols, vals, 0, len);
        }
        return b.build();
    }

    static CsrMatrix transpose(CsrMatrix a) {
        int n = a.nRows();
        int m = a.nCols();
        int[] count = new int[m + 1];
        for (int i = 0; i < n; i++) {
            int[] idx = a.rowIndices(i);
            int o = a.rowOffset(i);
            for (int p = 0; p < a.rowLength(i); p++) {
                count[idx[o + p] + 1]++;
            }
        }
        for (int c = 0; c < m; c++) {
            count[c + 1] += count[c];
        }
        int nnz = count[m];
        int[] outIdx = new int[nnz];
        float[] outVal = new float[nnz];
        int[] next = count.clone();
        for (int i = 0; i < n; i++) {
            int[] idx = a.rowIndices(i);
            float[] dat = a.rowData(i);
            int o = a.rowOffset(i);
            for (int p = 0; p < a.rowLength(i); p++) {
                int c = idx[o + p];
                outIdx[next[c]] = i;
                outVal[next[c]++] = dat[o + p];
            }
        }
        return CsrMatrix.of(m, n, count, outIdx, outVal);
    }
}
