package org.cellbook.core.pp;

import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;

/**
 * The subset of {@code sc.pp.calculate_qc_metrics(adata, qc_vars=["mt"], inplace=True)} the
 * notebooks use, after {@code adata.var["mt"] = adata.var_names.str.startswith("MT-")}.
 *
 * <p>obs gets {@code n_genes_by_counts} (stored non-zeros per cell), {@code total_counts},
 * {@code total_counts_mt} and {@code pct_counts_mt}; var gets the flag column,
 * {@code n_cells_by_counts}, {@code mean_counts}, {@code pct_dropout_by_counts} and
 * {@code total_counts}. Totals are float32 as in scanpy (summed in float64 and rounded once,
 * which equals scipy's float32 sums for integer counts below 2^24), and
 * {@code pct = total_mt / total * 100} is evaluated in float32 like pandas does. Not computed:
 * the {@code log1p_*} and {@code pct_counts_in_top_*} columns (no notebook reads them).
 */
public final class QcMetrics {
    private QcMetrics() {
    }

    /**
     * @param qcVar  name of the gene-flag column and suffix of the per-cell columns (scanpy's
     *               {@code qc_vars=["mt"]}); default {@code "mt"}
     * @param prefix gene-name prefix that marks the flagged genes; default {@code "MT-"}
     *               (human; use {@code "mt-"} for mouse)
     */
    public record Params(String qcVar, String prefix) {
        public Params {
            if (qcVar == null || qcVar.isBlank()) {
                throw BadInputException.parameter("qcVar", "is empty", "name the QC gene set, e.g. \"mt\"");
            }
            if (prefix == null || prefix.isEmpty()) {
                throw BadInputException.parameter("prefix", "is empty", "give the gene-name prefix, e.g. \"MT-\"");
            }
        }

        public static Params defaults() {
            return new Params("mt", "MT-");
        }

        public Params withPrefix(String p) {
            return new Params(qcVar, p);
        }
    }

    public static AnnData calculate(AnnData adata, Params p) {
        CsrMatrix x = adata.xSparse();
        int n = x.nRows();
        int m = x.nCols();
        boolean[] flag = new boolean[m];
        List<String> genes = adata.varNames();
        for (int j = 0; j < m; j++) {
            flag[j] = genes.get(j).startsWith(p.prefix());
        }
        int[] nGenes = new int[n];
        double[] total = new double[n];
        double[] totalQc = new double[n];
        double[] pct = new double[n];
        // The per-gene non-zero counts come out of the same parallel pass, per chunk of cells
        // (integers, so adding the chunks up gives the same numbers in any order).
        List<int[]> nonZeroParts = RowChunks.map(n, (from, to) -> {
            int[] nz = new int[m];
            for (int i = from; i < to; i++) {
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                double s = 0;
                double sq = 0;
                int nzRow = 0;
                for (int k = off; k < end; k++) {
                    if (d[k] != 0f) {
                        nz[idx[k]]++;
                        nzRow++;
                        s += d[k];
                        if (flag[idx[k]]) {
                            sq += d[k];
                        }
                    }
                }
                float t = (float) s;
                float tq = (float) sq;
                nGenes[i] = nzRow;
                total[i] = t;
                totalQc[i] = tq;
                pct[i] = (tq / t) * 100f;
            }
            return nz;
        });
        int[] nCells = new int[m];
        for (int[] part : nonZeroParts) {
            for (int j = 0; j < m; j++) {
                nCells[j] += part[j];
            }
        }
        double[] colSum = x.colSums();
        double[] geneTotal = new double[m];
        double[] meanCounts = new double[m];
        double[] dropout = new double[m];
        for (int j = 0; j < m; j++) {
            geneTotal[j] = (float) colSum[j];
            meanCounts[j] = colSum[j] / n;
            dropout[j] = (1 - (double) nCells[j] / n) * 100;
        }
        String q = p.qcVar();
        return adata
                .withObsColumn(IntColumn.create("n_genes_by_counts", nGenes))
                .withObsColumn(DoubleColumn.create("total_counts", total))
                .withObsColumn(DoubleColumn.create("total_counts_" + q, totalQc))
                .withObsColumn(DoubleColumn.create("pct_counts_" + q, pct))
                .withVarColumn(BooleanColumn.create(q, flag))
                .withVarColumn(IntColumn.create("n_cells_by_counts", nCells))
                .withVarColumn(DoubleColumn.create("mean_counts", meanCounts))
                .withVarColumn(DoubleColumn.create("pct_dropout_by_counts", dropout))
                .withVarColumn(DoubleColumn.create("total_counts", geneTotal));
    }
}
