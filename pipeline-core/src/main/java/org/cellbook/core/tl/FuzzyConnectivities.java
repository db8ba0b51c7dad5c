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
        double target = Math.log(k) / Math.log(2);
        double meanAll = meanDistance(knn);
        // Directed memberships, rows sorted by column, at a fixed stride of k per row.
        int[] cols = new int[n * k];
        float[] vals = new float[n * k];
        int[] lens = new int[n];
        Parallel.forBlocks(n, BLOCK, Parallel.defaultThreads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                smoothKnnDist(knn, i, target, meanAll, rho, sigma);
                lens[i] = directedRow(knn, i, rho[i], sigma[i], cols, vals);
            }
        });
        return fuzzyUnion(n, k, cols, vals, lens);
    }

    /** umap's mean of all kNN distances, summed in row-major order. */
    private static double meanDistance(KnnGraph knn) {
        double sum = 0;
        for (float d : knn.distances()) {
            sum += d;
        }
        return sum / knn.distances().length;
    }

    /**
     * Row i's non-zero memberships {@code exp(-(d - rho) / sigma)} (1 when {@code d <= rho}, none
     * for the point itself) into {@code cols/vals[i k, i k + len)}, sorted by column; a column
     * listed twice is summed in kNN order, as scipy's coo to csr conversion does. Returns len.
     */
    private static int directedRow(KnnGraph knn, int i, float rhoI, float sigmaI, int[] cols, float[] vals) {
        int k = knn.k();
        int start = i * k;
        int end = start;
        for (int j = 0; j < k; j++) {
            int c = knn.index(i, j);
            if (c < 0 || c == i) {
                continue;
            }
            float d = knn.distance(i, j);
            float v = d - rhoI <= 0f || sigmaI == 0f ? 1f : (float) Math.exp(-((d - rhoI) / sigmaI));
            if (v == 0f) {
                continue;
            }
            // insertion sort by column: rows hold at most k entries; stable, so repeats stay in kNN order
            int q = end++;
            while (q > start && cols[q - 1] > c) {
                cols[q] = cols[q - 1];
                vals[q] = vals[q - 1];
                q--;
            }
            cols[q] = c;
            vals[q] = v;
        }
        int w = start;
        for (int q = start; q < end; q++) {
            if (w > start && cols[w - 1] == cols[q]) {
                vals[w - 1] += vals[q];
            } else {
                cols[w] = cols[q];
                vals[w++] = vals[q];
            }
        }
        return w - start;
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

    /**
     * {@code A + A^T - A o A^T} in float32, in scipy's operation order; zeros dropped. A is given
     * as sorted rows at stride k. Rows of the result are merged in parallel (a counting pass,
     * then a filling pass at exact offsets), so the result does not depend on the thread count.
     */
    static CsrMatrix fuzzyUnion(int n, int k, int[] aCols, float[] aVals, int[] aLens) {
        // A^T: scanning A's rows in order leaves every transposed row sorted by column.
        int[] tPtr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            for (int q = i * k; q < i * k + aLens[i]; q++) {
                tPtr[aCols[q] + 1]++;
            }
        }
        for (int c = 0; c < n; c++) {
            tPtr[c + 1] += tPtr[c];
        }
        int[] tCols = new int[tPtr[n]];
        float[] tVals = new float[tPtr[n]];
        int[] next = java.util.Arrays.copyOf(tPtr, n);
        for (int i = 0; i < n; i++) {
            for (int q = i * k; q < i * k + aLens[i]; q++) {
                int at = next[aCols[q]]++;
                tCols[at] = i;
                tVals[at] = aVals[q];
            }
        }
        int[] ptr = new int[n + 1];
        Parallel.forBlocks(n, BLOCK, Parallel.defaultThreads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                ptr[i + 1] = merge(i * k, i * k + aLens[i], aCols, aVals, tPtr[i], tPtr[i + 1], tCols, tVals, null, null, 0);
            }
        });
        for (int i = 0; i < n; i++) {
            ptr[i + 1] += ptr[i];
        }
        int[] cols = new int[ptr[n]];
        float[] vals = new float[ptr[n]];
        Parallel.forBlocks(n, BLOCK, Parallel.defaultThreads(), (from, to) -> {
            for (int i = from; i < to; i++) {
                merge(i * k, i * k + aLens[i], aCols, aVals, tPtr[i], tPtr[i + 1], tCols, tVals, cols, vals, ptr[i]);
            }
        });
        return CsrMatrix.of(n, n, ptr, cols, vals);
    }

    /**
     * Merges one row of A ({@code [ap, ae)}) and of A^T ({@code [tp, te)}) into {@code x + y - x y}
     * per column, writing the non-zeros at {@code out} (counting only when {@code outCols} is null).
     */
    private static int merge(int ap, int ae, int[] ai, float[] av, int tp, int te, int[] ti, float[] tv,
            int[] outCols, float[] outVals, int out) {
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
                if (outCols != null) {
                    outCols[out + len] = c;
                    outVals[out + len] = w;
                }
                len++;
            }
        }
        return len;
    }

    /** The transpose of a CSR matrix (rows of the result sorted by column). */
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
