package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;

class NeighborsTest {
    private static AnnData cells(DenseMatrix pcs) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pcs.nRows(); i++) {
            names.add("c" + i);
        }
        return AnnData.builder(DenseMatrix.zeros(pcs.nRows(), 1), names, List.of("g")).obsm("X_pca", pcs).build();
    }

    @Test
    void storesGraphsLikeScanpyAndSubsetsThem() {
        DenseMatrix pcs = Mixtures.pcaLike(300, 10, 3, 5.0, 1, null);
        AnnData a = Neighbors.neighbors(cells(pcs), Neighbors.Options.defaults());
        CsrMatrix conn = a.obsp().get("connectivities");
        CsrMatrix dist = a.obsp().get("distances");
        assertEquals(300 * 14, dist.nnz(), "k - 1 neighbours per row, self excluded");
        assertTrue(a.toString().contains("obsp: 'distances', 'connectivities'"), a.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) ((Map<String, Object>) a.uns().get("neighbors")).get("params");
        assertEquals(15, params.get("n_neighbors"));
        assertEquals("exact", params.get("knn"));
        DenseMatrix c = conn.toDense();
        for (int i = 0; i < 300; i++) {
            assertEquals(0f, c.get(i, i), "no self loops");
            for (int j = 0; j < 300; j++) {
                assertEquals(c.get(i, j), c.get(j, i), "symmetric");
                assertTrue(c.get(i, j) >= 0 && c.get(i, j) <= 1);
            }
        }
        AnnData sub = a.subsetObs(new int[] {5, 2, 7});
        assertEquals(c.get(5, 2), sub.obsp().get("connectivities").get(0, 1));
        assertEquals(c.get(7, 5), sub.obsp().get("connectivities").get(2, 0));
        assertEquals(dist.get(2, 7), sub.obsp().get("distances").get(1, 2));
    }

    @Test
    void approximatePathIsSeededAndThreadIndependent() {
        DenseMatrix pcs = Mixtures.pcaLike(2_000, 10, 5, 5.0, 2, null);
        Neighbors.Options o = Neighbors.Options.defaults().withMethod(Neighbors.Method.APPROXIMATE).withSeed(3);
        Neighbors.Result one = Neighbors.compute(pcs, o.withThreads(1));
        Neighbors.Result two = Neighbors.compute(pcs, o.withThreads(2));
        assertFalse(one.exact());
        assertArrayEquals(one.knn().indices(), two.knn().indices());
        assertEquals(one.connectivities(), two.connectivities());
        assertTrue(NnDescentTest.recall(pcs, one.knn(), 200, 1) >= 0.95);
    }

    @Test
    void tooFewCellsShrinksNNeighborsAsScanpy() {
        DenseMatrix pcs = Mixtures.pcaLike(10, 3, 2, 5.0, 4, null);
        Neighbors.Result r = Neighbors.compute(pcs, Neighbors.Options.defaults());
        assertEquals(6, r.knn().k(), "1 + n/2 when n_neighbors > n");
    }

    @Test
    void badInputsAreNamed() {
        DenseMatrix pcs = Mixtures.pcaLike(20, 3, 2, 5.0, 4, null);
        assertEquals("parameter 'n_neighbors'", assertThrows(BadInputException.class,
                () -> Neighbors.compute(pcs, Neighbors.Options.defaults().withNNeighbors(1))).where());
        assertEquals("parameter 'use_rep'", assertThrows(BadInputException.class,
                () -> Neighbors.neighbors(cells(pcs), Neighbors.Options.defaults().withUseRep("X_umap"))).where());
        float[] bad = pcs.data().clone();
        bad[7] = Float.NaN;
        BadInputException e = assertThrows(BadInputException.class,
                () -> Neighbors.compute(new DenseMatrix(20, 3, bad), Neighbors.Options.defaults()));
        assertTrue(e.getMessage().contains("row 2, column 1"), e.getMessage());
        assertEquals("parameter 'obsp'", assertThrows(BadInputException.class,
                () -> Leiden.leiden(cells(pcs), Leiden.Options.defaults(), "leiden")).where());
    }

    @Test
    void leidenWritesStringLabelsAndParams() {
        DenseMatrix pcs = Mixtures.pcaLike(300, 10, 3, 8.0, 1, null);
        AnnData a = Leiden.leiden(Neighbors.neighbors(cells(pcs), Neighbors.Options.defaults()), Leiden.Options.defaults(), "leiden");
        List<String> labels = a.obs().stringColumn("leiden").asList();
        java.util.Map<String, Long> sizes = new java.util.TreeMap<>();
        labels.forEach(l -> sizes.merge(l, 1L, Long::sum));
        assertTrue(sizes.size() >= 2);
        for (int c = 0; c < sizes.size(); c++) {
            assertTrue(sizes.containsKey(Integer.toString(c)), "labels are 0.." + (sizes.size() - 1));
        }
        assertEquals(java.util.Collections.max(sizes.values()), sizes.get("0"), "cluster 0 is the largest");
        assertTrue(a.uns().containsKey("leiden"));
    }
}
