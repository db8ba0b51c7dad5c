package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.NumericColumn;

/**
 * QC metrics count per-gene non-zeros per chunk of cells in parallel: the per-gene numbers must
 * be those of a plain pass in cell order (totals and means bit for bit), for integer counts and
 * for fractional values.
 */
class QcMetricsInOrderTest {
    /** Values whose in-order sum rounds differently from most other orders when fractional. */
    private static AnnData data(boolean counts) {
        Random r = new Random(11);
        int n = 6000; // several row chunks
        int m = 40;
        CsrMatrix.Builder b = new CsrMatrix.Builder(m);
        int[] cols = new int[m];
        float[] vals = new float[m];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < m; j++) {
                if (r.nextDouble() < 0.6) {
                    cols[k] = j;
                    vals[k++] = counts ? 1 + r.nextInt(5000) : (float) (r.nextDouble() * Math.pow(10, r.nextInt(9) - 3));
                }
            }
            b.addSortedRow(cols, vals, 0, k);
        }
        List<String> obs = IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
        List<String> var = IntStream.range(0, m).mapToObj(j -> (j < 3 ? "MT-" : "g") + j).toList();
        return AnnData.builder(b.build(), obs, var).build();
    }

    @Test
    void geneTotalsOfQcMetricsAreTheInOrderSums() {
        for (boolean counts : new boolean[] {true, false}) {
            AnnData a = data(counts);
            CsrMatrix x = a.xSparse();
            double[] inOrder = new double[x.nCols()];
            int[] nonZeros = new int[x.nCols()];
            for (int i = 0; i < x.nRows(); i++) {
                for (int k = x.rowOffset(i); k < x.rowOffset(i) + x.rowLength(i); k++) {
                    inOrder[x.rowIndices(i)[k]] += x.rowData(i)[k];
                    nonZeros[x.rowIndices(i)[k]] += x.rowData(i)[k] != 0 ? 1 : 0;
                }
            }
            AnnData q = QcMetrics.calculate(a, QcMetrics.Params.defaults());
            NumericColumn<?> mean = (NumericColumn<?>) q.var().column("mean_counts");
            NumericColumn<?> total = (NumericColumn<?>) q.var().column("total_counts");
            NumericColumn<?> cells = (NumericColumn<?>) q.var().column("n_cells_by_counts");
            for (int j = 0; j < x.nCols(); j++) {
                assertEquals(inOrder[j] / x.nRows(), mean.getDouble(j), 0.0, "gene " + j);
                assertEquals((double) (float) inOrder[j], total.getDouble(j), 0.0, "gene " + j);
                assertEquals(nonZeros[j], cells.getDouble(j), 0.0, "gene " + j);
            }
        }
    }
}
