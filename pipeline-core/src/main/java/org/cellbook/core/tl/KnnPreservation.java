package org.cellbook.core.tl;

import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;

/**
 * How well a layout keeps the graph's neighbourhoods, independent of its exact coordinates: the
 * mean over cells of the fraction of a cell's {@code k} strongest graph neighbours (by
 * connectivity; fewer when its row has fewer entries; ties to the smaller index) that are among its
 * {@code k} nearest other cells in the layout (exact euclidean kNN). 1 means every neighbourhood is
 * kept; a random layout scores about k / n. Used to compare UMAP schedules (tests, bench/umap).
 */
public final class KnnPreservation {
    private KnnPreservation() {
    }

    public static double of(CsrMatrix graph, DenseMatrix layout, int k, int threads) {
        int n = graph.nRows();
        if (layout.nRows() != n) {
            throw BadInputException.parameter("layout", layout.nRows() + " rows for a graph of " + n + " cells",
                    "pass the layout of this graph");
        }
        if (k < 1 || k >= n) {
            throw BadInputException.parameter("k", "must be in [1, " + (n - 1) + "], got " + k, "use e.g. 15");
        }
        KnnGraph near = ExactKnn.search(layout, k + 1, threads); // column 0 is the cell itself
        double sum = 0;
        int counted = 0;
        boolean[] mark = new boolean[n];
        for (int i = 0; i < n; i++) {
            int[] strongest = strongest(graph, i, k);
            if (strongest.length == 0) {
                continue;
            }
            for (int j = 1; j <= k; j++) {
                mark[near.index(i, j)] = true;
            }
            int hit = 0;
            for (int v : strongest) {
                hit += mark[v] ? 1 : 0;
            }
            for (int j = 1; j <= k; j++) {
                mark[near.index(i, j)] = false;
            }
            sum += (double) hit / strongest.length;
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** Up to {@code k} columns of row {@code i} other than i, strongest first (ties: smaller column). */
    private static int[] strongest(CsrMatrix g, int i, int k) {
        int off = g.rowOffset(i);
        int len = g.rowLength(i);
        Integer[] order = new Integer[len];
        for (int p = 0; p < len; p++) {
            order[p] = p;
        }
        int[] cols = g.rowIndices(i);
        float[] w = g.rowData(i);
        java.util.Arrays.sort(order, (x, y) -> {
            int c = Float.compare(w[off + y], w[off + x]);
            return c != 0 ? c : Integer.compare(cols[off + x], cols[off + y]);
        });
        int[] out = new int[k];
        int m = 0;
        for (int p = 0; p < len && m < k; p++) {
            int c = cols[off + order[p]];
            if (c != i) {
                out[m++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, m);
    }
}
