package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.pp.HighlyVariableGenes.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One test per bad parameter: each names the parameter and says what to do. */
class PpBadInputTest {
    private static AnnData small() {
        double[][] rows = new double[6][4];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                rows[i][j] = (i + 1) * (j + 1) % 5;
            }
        }
        CsrMatrix x = CsrMatrix.fromDense(DenseMatrix.ofRows(rows));
        return AnnData.builder(x, List.of("c0", "c1", "c2", "c3", "c4", "c5"), List.of("g0", "g1", "g2", "g3")).build();
    }

    private static void assertNames(String parameter, Executable e) {
        BadInputException ex = assertThrows(BadInputException.class, e);
        assertTrue(ex.getMessage().contains(parameter), ex.getMessage());
    }

    @Test
    void filterCellsNeedsExactlyOneThreshold() {
        assertNames("filter_cells", () -> new Filters.CellParams(1, 2, null, null));
    }

    @Test
    void filterGenesNeedsAThreshold() {
        assertNames("filter_genes", () -> new Filters.GeneParams(null, null, null, null));
    }

    @Test
    void pctFilterNeedsAnExistingColumn() {
        assertNames("column", () -> Filters.filterByObsMax(small(), Filters.PctParams.maxPctMt(5)));
    }

    @Test
    void qcPrefixMustNotBeEmpty() {
        assertNames("prefix", () -> new QcMetrics.Params("mt", ""));
    }

    @Test
    void targetSumMustBePositive() {
        assertNames("target_sum", () -> new NormalizeTotal.Params(-1.0, null));
    }

    @Test
    void logBaseMustNotBeOne() {
        assertNames("base", () -> new Log1p.Params(1.0));
    }

    @Test
    void maxValueMustBePositive() {
        assertNames("max_value", () -> new Scale.Params(true, 0.0));
    }

    @Test
    void nTopGenesMustBePositive() {
        assertNames("n_top_genes", () -> HighlyVariableGenes.Params.defaults().withNTopGenes(0));
    }

    @Test
    void batchKeyMustBeAnObsColumn() {
        assertNames("batch_key", () -> HighlyVariableGenes.apply(small(),
                HighlyVariableGenes.Params.defaults().withBatchKey("sample")));
    }

    @Test
    void cellRangerBinsMustBeUnique() {
        // Four genes, three with the same mean: the percentile edges repeat, as pd.cut refuses.
        double[][] rows = {{1, 1, 1, 5}, {1, 1, 1, 0}, {1, 1, 1, 2}};
        AnnData a = AnnData.builder(CsrMatrix.fromDense(DenseMatrix.ofRows(rows)), List.of("a", "b", "c"),
                List.of("g0", "g1", "g2", "g3")).build();
        assertNames("flavor", () -> HighlyVariableGenes.apply(a,
                HighlyVariableGenes.Params.defaults().withFlavor(Flavor.CELL_RANGER)));
    }

    @Test
    void tooManyComponentsAreRefused() {
        assertNames("n_comps", () -> Pca.apply(small(), Pca.Params.defaults().withNComps(4)));
    }

    @Test
    void useHighlyVariableNeedsTheColumn() {
        assertNames("use_highly_variable", () -> Pca.apply(small(), Pca.Params.defaults().withNComps(2).withUseHighlyVariable(true)));
    }
}
