package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact kNN and UMAP connectivities against scanpy's sc.pp.neighbors on real PCs. */
class NeighborsParityTest {
    static Path dir;
    static DenseMatrix pcs;

    @BeforeAll
    static void reference() {
        dir = ScanpyReference.get();
        pcs = ScanpyReference.pca(dir);
    }

    @Test
    void approximateNeighboursRecallAtLeast95PercentOfScanpysExactOnes() {
        long[] idx = Npy.read(dir.resolve("knn_idx.npy")).asLongs();
        double[] dist = Npy.read(dir.resolve("knn_dist.npy")).asDoubles();
        KnnGraph approx = NnDescent.search(pcs, 15, 0, 2);
        long hit = 0;
        for (int i = 0; i < pcs.nRows(); i++) {
            // ties at the 15th distance count as hits: either neighbour is a right answer
            double kth = dist[i * 15 + 14];
            for (int j = 1; j < 15; j++) {
                double d = approx.distance(i, j);
                boolean found = false;
                for (int t = 1; t < 15 && !found; t++) {
                    found = idx[i * 15 + t] == approx.index(i, j);
                }
                hit += found || d <= kth * (1 + 1e-6) ? 1 : 0;
                // the distances are true Euclidean distances (the connectivities use them)
                assertEquals(euclidean(pcs, i, approx.index(i, j)), d, 1e-5 * Math.max(1, d), "distance " + i + "," + j);
            }
        }
        double recall = hit / (double) (pcs.nRows() * 14);
        System.out.printf("NN-descent on real PCs (%d x %d): recall %.4f%n", pcs.nRows(), pcs.nCols(), recall);
        assertTrue(recall >= 0.95, "recall " + recall);
    }

    private static double euclidean(DenseMatrix x, int a, int b) {
        double s = 0;
        for (int t = 0; t < x.nCols(); t++) {
            double v = (double) x.data()[a * x.nCols() + t] - x.data()[b * x.nCols() + t];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void exactNeighboursAreScanpys() {
        Neighbors.Result r = Neighbors.compute(pcs, Neighbors.Options.defaults().withThreads(2));
        assertTrue(r.exact());
        long[] idx = Npy.read(dir.resolve("knn_idx.npy")).asLongs();
        double[] dist = Npy.read(dir.resolve("knn_dist.npy")).asDoubles();
        assertEquals(idx.length, r.knn().indices().length);
        for (int i = 0; i < idx.length; i++) {
            assertEquals(idx[i], r.knn().indices()[i], "row " + i / 15 + " neighbour " + i % 15);
            assertEquals(dist[i], r.knn().distances()[i], 1e-5 * Math.max(1, dist[i]), "distance at " + i);
        }
        KnnGraph single = ExactKnn.search(pcs, 15, 1);
        assertArrayEquals(single.indices(), r.knn().indices(), "thread count does not matter");
        assertArrayEquals(single.distances(), r.knn().distances());
    }

    @Test
    void connectivitiesMatchUmapWithin1e4() {
        Neighbors.Result r = Neighbors.compute(pcs, Neighbors.Options.defaults());
        CsrMatrix expected = ScanpyReference.connectivities(dir, "", pcs.nRows());
        CsrMatrix actual = r.connectivities();
        assertEquals(expected.nnz(), actual.nnz(), "same sparsity");
        for (int i = 0; i < pcs.nRows(); i++) {
            assertArrayEquals(slice(expected.rowIndices(i), expected.rowOffset(i), expected.rowLength(i)),
                    slice(actual.rowIndices(i), actual.rowOffset(i), actual.rowLength(i)), "row " + i);
            for (int k = 0; k < expected.rowLength(i); k++) {
                assertEquals(expected.rowData(i)[expected.rowOffset(i) + k], actual.rowData(i)[actual.rowOffset(i) + k], 1e-4,
                        "row " + i + " entry " + k);
            }
        }
    }

    private static int[] slice(int[] a, int off, int len) {
        return java.util.Arrays.copyOfRange(a, off, off + len);
    }
}
