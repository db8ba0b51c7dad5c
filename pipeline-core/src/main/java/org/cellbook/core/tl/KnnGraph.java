package org.cellbook.core.tl;

import org.cellbook.core.data.CsrMatrix;

/**
 * The k nearest neighbours of every point, row-major: row i holds {@code k} neighbour indices
 * and their euclidean distances in increasing distance order, the point itself first at distance
 * 0 (scanpy's convention: {@code n_neighbors} counts the point itself).
 */
public record KnnGraph(int n, int k, int[] indices, float[] distances) {
    public KnnGraph {
        if (indices.length != (long) n * k || distances.length != indices.length) {
            throw new IllegalArgumentException("expected " + n + " x " + k + " neighbours");
        }
    }

    public int index(int row, int j) {
        return indices[row * k + j];
    }

    public float distance(int row, int j) {
        return distances[row * k + j];
    }

    /**
     * scanpy's {@code obsp['distances']}: row i stores the distances to its k - 1 neighbours other
     * than itself (columns sorted; scanpy keeps them in neighbour order, which is the same matrix).
     * Stored as float32 where scanpy keeps float64.
     */
    public CsrMatrix distanceMatrix() {
        CsrMatrix.Builder b = new CsrMatrix.Builder(n);
        int[] cols = new int[k];
        float[] vals = new float[k];
        for (int i = 0; i < n; i++) {
            int len = 0;
            for (int j = 0; j < k; j++) {
                int c = indices[i * k + j];
                if (c != i) {
                    cols[len] = c;
                    vals[len++] = distances[i * k + j];
                }
            }
            b.addRow(cols, vals, len);
        }
        return b.build();
    }
}
