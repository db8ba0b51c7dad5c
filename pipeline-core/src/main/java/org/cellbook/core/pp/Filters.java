package org.cellbook.core.pp;

import java.util.stream.IntStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.columns.Column;

/**
 * {@code sc.pp.filter_cells}, {@code sc.pp.filter_genes} and the notebook idiom
 * {@code adata[adata.obs.pct_counts_mt < max]}. As in scanpy exactly one threshold is given per
 * call; "genes expressed" counts values {@code > 0}; bounds are inclusive
 * ({@code >= min}, {@code <= max}). The count that was thresholded is stored as obs
 * {@code n_genes}/{@code n_counts} or var {@code n_cells}/{@code n_counts}.
 */
public final class Filters {
    private Filters() {
    }

    /** {@code filter_cells}: one of the four thresholds, the others null (no defaults in scanpy). */
    public record CellParams(Integer minCounts, Integer minGenes, Integer maxCounts, Integer maxGenes) {
        public CellParams {
            exactlyOne("filter_cells", minCounts, minGenes, maxCounts, maxGenes);
        }

        public static CellParams minGenes(int n) {
            return new CellParams(null, n, null, null);
        }
    }

    /** {@code filter_genes}: one of the four thresholds, the others null (no defaults in scanpy). */
    public record GeneParams(Integer minCounts, Integer minCells, Integer maxCounts, Integer maxCells) {
        public GeneParams {
            exactlyOne("filter_genes", minCounts, minCells, maxCounts, maxCells);
        }

        public static GeneParams minCells(int n) {
            return new GeneParams(null, n, null, null);
        }
    }

    /**
     * Keep cells whose obs {@code column} (default {@code "pct_counts_mt"}, from {@link QcMetrics})
     * is strictly below {@code max} (the scanpy tutorial's {@code pct_counts_mt < 5}); no default
     * for {@code max}. NaN (cells without counts) is dropped, as the pandas comparison does.
     */
    public record PctParams(String column, double max) {
        public static PctParams maxPctMt(double max) {
            return new PctParams("pct_counts_mt", max);
        }
    }

    private static void exactlyOne(String fn, Integer... options) {
        long given = java.util.Arrays.stream(options).filter(o -> o != null).count();
        if (given != 1) {
            throw BadInputException.parameter(fn, given + " thresholds given",
                    "give exactly one of min_counts, min_genes/min_cells, max_counts, max_genes/max_cells per call (as scanpy)");
        }
    }

    public static AnnData filterCells(AnnData adata, CellParams p) {
        CsrMatrix x = adata.xSparse();
        boolean byGenes = p.minGenes() != null || p.maxGenes() != null;
        double[] number = new double[x.nRows()];
        RowChunks.forEach(x.nRows(), (from, to) -> {
            for (int i = from; i < to; i++) {
                number[i] = byGenes ? positives(x, i) : (float) rowSum(x, i);
            }
        });
        Integer min = byGenes ? p.minGenes() : p.minCounts();
        Integer max = byGenes ? p.maxGenes() : p.maxCounts();
        int[] keep = IntStream.range(0, number.length)
                .filter(i -> min != null ? number[i] >= min : number[i] <= max).toArray();
        Column<?> col = byGenes ? IntColumn.create("n_genes", toInts(number)) : DoubleColumn.create("n_counts", number);
        AnnData annotated = adata.withObsColumn(col);
        return keep.length == adata.nObs() ? annotated : annotated.subsetObs(keep); // nothing removed: share X
    }

    public static AnnData filterGenes(AnnData adata, GeneParams p) {
        CsrMatrix x = adata.xSparse();
        boolean byCells = p.minCells() != null || p.maxCells() != null;
        double[] number = byCells ? cellsPerGene(x) : new double[x.nCols()];
        if (!byCells) {
            for (int i = 0; i < x.nRows(); i++) {
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                for (int k = off; k < end; k++) {
                    number[idx[k]] += d[k];
                }
            }
            for (int j = 0; j < number.length; j++) {
                number[j] = (float) number[j];
            }
        }
        Integer min = byCells ? p.minCells() : p.minCounts();
        Integer max = byCells ? p.maxCells() : p.maxCounts();
        int[] keep = IntStream.range(0, number.length)
                .filter(j -> min != null ? number[j] >= min : number[j] <= max).toArray();
        Column<?> col = byCells ? IntColumn.create("n_cells", toInts(number)) : DoubleColumn.create("n_counts", number);
        AnnData annotated = adata.withVarColumn(col);
        return keep.length == adata.nVars() ? annotated : annotated.subsetVar(keep); // nothing removed: share X
    }

    public static AnnData filterByObsMax(AnnData adata, PctParams p) {
        if (!adata.obs().columnNames().contains(p.column())) {
            throw BadInputException.parameter("column", "obs has no column '" + p.column() + "'",
                    "run QcMetrics.calculate first or name an existing obs column");
        }
        if (!(adata.obs().column(p.column()) instanceof NumericColumn<?> c)) {
            throw BadInputException.parameter("column", "obs column '" + p.column() + "' is not numeric", "name a numeric obs column");
        }
        int[] keep = IntStream.range(0, adata.nObs()).filter(i -> {
            double v = c.getDouble(i);
            return v < p.max();
        }).toArray();
        return keep.length == adata.nObs() ? adata : adata.subsetObs(keep);
    }

    /** Cells with a positive value, per gene: counted per chunk of cells in parallel (integers, so any order). */
    private static double[] cellsPerGene(CsrMatrix x) {
        int m = x.nCols();
        java.util.List<int[]> parts = RowChunks.map(x.nRows(), (from, to) -> {
            int[] c = new int[m];
            for (int i = from; i < to; i++) {
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                for (int k = off; k < end; k++) {
                    c[idx[k]] += d[k] > 0 ? 1 : 0;
                }
            }
            return c;
        });
        double[] number = new double[m];
        for (int[] c : parts) {
            for (int j = 0; j < m; j++) {
                number[j] += c[j];
            }
        }
        return number;
    }

    private static int positives(CsrMatrix x, int i) {
        float[] d = x.rowData(i);
        int off = x.rowOffset(i);
        int end = off + x.rowLength(i);
        int n = 0;
        for (int k = off; k < end; k++) {
            if (d[k] > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * A row's values summed in float64. Four running sums instead of one: a single chain of
     * dependent additions waits on the adder's latency for every value (measured: 0.041 s against
     * 0.022 s for 75 million values on 2 cores). Counts are whole numbers, for which every order
     * gives the exact total; for other values the order is fixed, so results do not depend on threads.
     */
    static double rowSum(CsrMatrix x, int i) {
        float[] d = x.rowData(i);
        int k = x.rowOffset(i);
        int end = k + x.rowLength(i);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (; k + 3 < end; k += 4) {
            s0 += d[k];
            s1 += d[k + 1];
            s2 += d[k + 2];
            s3 += d[k + 3];
        }
        for (; k < end; k++) {
            s0 += d[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static int[] toInts(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }
}
