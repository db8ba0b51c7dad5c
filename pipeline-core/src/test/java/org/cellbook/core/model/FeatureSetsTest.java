package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.cv.ConsoleProgressAccess;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FeatureSetSpec;
import org.cellbook.core.model.features.FeatureSets;
import org.cellbook.core.model.features.LabelSpec;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Feature sets from obsm and obs, the scaler's fold semantics, search spaces and the progress line. */
class FeatureSetsTest {
    private static AnnData adata() {
        int n = 5;
        DenseMatrix x = DenseMatrix.zeros(n, 1);
        DenseMatrix pca = DenseMatrix.ofRows(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}});
        DenseMatrix tra = DenseMatrix.ofRows(new double[][] {{0.5}, {Double.NaN}, {1.5}, {2.5}, {3.5}});
        Table obs = Table.create("obs",
                StringColumn.create("response", "R", "NR", "NR", "", "R"),
                StringColumn.create("patient", "p1", "p1", "p2", "p2", "p3"),
                BooleanColumn.create("has_TRB", true, false, true, true, true));
        return AnnData.builder(x, List.of("c0", "c1", "c2", "c3", "c4"), List.of("g"))
                .obs(obs).obsm("gene_pca", pca).obsm("tra_kmer_svd", tra).build();
    }

    private static final LabelSpec LABELS = new LabelSpec("response", "R", "patient");

    @Test
    void concatenatesObsmBlocksForSupervisedCellsWithTheModality() {
        FeatureSet fs = FeatureSets.fromAnnData(adata(),
                new FeatureSetSpec("pca+tra", List.of("gene_pca", "tra_kmer_svd"), List.of("has_TRB"), List.of()), LABELS);
        assertArrayEquals(new int[] {0, 2, 4}, fs.cells(), "c1 has no TRB, c3 no label");
        assertArrayEquals(new int[] {1, 0, 1}, fs.labels());
        assertArrayEquals(new String[] {"p1", "p2", "p3"}, fs.patients());
        assertEquals(List.of("gene_pca_0", "gene_pca_1", "tra_kmer_svd_0"), fs.featureNames());
        assertArrayEquals(new float[] {1, 2, 0.5f, 5, 6, 1.5f, 9, 10, 3.5f}, fs.x().data());
    }

    @Test
    void modalityMissingWithoutItsMaskIsAClearError() {
        BadInputException e = assertThrows(BadInputException.class, () -> FeatureSets.fromAnnData(adata(),
                new FeatureSetSpec("tra", List.of("tra_kmer_svd"), List.of(), List.of()), LABELS));
        assertTrue(e.getMessage().contains("c1"), e.getMessage());
    }

    @Test
    void unknownObsmKeyIsRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> FeatureSets.fromAnnData(adata(),
                new FeatureSetSpec("x", List.of("umap"), List.of(), List.of()), LABELS));
        assertEquals("parameter 'obsm key'", e.where());
    }

    @Test
    void unknownObsColumnIsRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> FeatureSets.fromAnnData(adata(),
                new FeatureSetSpec("x", List.of("gene_pca"), List.of(), List.of()), new LabelSpec("resp", "R", "patient")));
        assertEquals("parameter 'label column'", e.where());
    }

    @Test
    void scalerUsesTrainingRowsOnly() {
        FeatureSet fs = FeatureSets.fromAnnData(adata(),
                new FeatureSetSpec("pca", List.of("gene_pca"), List.of(), List.of(new StandardScaler())), LABELS);
        // rows 0,1,2 = cells c0,c1,c2; fit on rows 0 and 1 (values 1 and 3 in column 0: mean 2, sd 1)
        double[][][] tt = fs.fitTransform(new int[] {0, 1}, new int[] {3});
        assertArrayEquals(new double[] {-1, -1}, tt[0][0], 1e-12);
        assertArrayEquals(new double[] {1, 1}, tt[0][1], 1e-12);
        assertArrayEquals(new double[] {7, 7}, tt[1][0], 1e-12, "c4 (9, 10) scaled with the training mean and sd");
    }

    @Test
    void gridEnumeratesSortedNamesLastFastestAndRandomSearchIsSeeded() {
        SearchSpace grid = SearchSpace.grid(Map.of("b", ParamDistribution.Choice.of(1, 2), "a", ParamDistribution.Choice.of("x", "y")));
        assertEquals(List.of(Map.of("a", "x", "b", 1), Map.of("a", "x", "b", 2), Map.of("a", "y", "b", 1), Map.of("a", "y", "b", 2)),
                grid.candidates(0));
        SearchSpace rnd = SearchSpace.random(5, Map.of("C", new ParamDistribution.LogUniform(1e-3, 1e3), "d", new ParamDistribution.IntRange(2, 4)));
        assertEquals(rnd.candidates(9), rnd.candidates(9));
        for (Map<String, Object> c : rnd.candidates(9)) {
            double cv = (Double) c.get("C");
            assertTrue(cv >= 1e-3 && cv < 1e3);
            int d = (Integer) c.get("d");
            assertTrue(d == 2 || d == 3);
        }
        List<Map<String, Object>> lists = SearchSpace.random(3, Map.of("a", ParamDistribution.Choice.of(1, 2, 3, 4))).candidates(1);
        assertEquals(3, lists.stream().distinct().count(), "lists only: grid points without replacement");
    }

    @Test
    void gridOverARangeIsRejected() {
        assertThrows(BadInputException.class, () -> SearchSpace.grid(Map.of("C", new ParamDistribution.Uniform(0, 1))));
    }

    @Test
    void progressLineShowsCountAndEta() {
        String line = ConsoleProgressAccess.line(3, 12, 30_000);
        assertTrue(line.contains("3/12 tasks"), line);
        assertTrue(line.contains("ETA 1m30s"), line);
    }
}
