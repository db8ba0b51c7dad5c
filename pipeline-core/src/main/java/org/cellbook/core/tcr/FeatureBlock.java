package org.cellbook.core.tcr;

import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.data.Matrix;

/**
 * A cells x features matrix with one name per column.
 *
 * @param values sparse for k-mer counts, dense for one-hot and physicochemical features
 * @param names column names, unique
 */
public record FeatureBlock(Matrix values, List<String> names) {
    public FeatureBlock {
        names = List.copyOf(names);
        if (names.size() != values.nCols()) {
            throw new IllegalArgumentException(names.size() + " names for " + values.nCols() + " columns");
        }
    }

    public int nCells() {
        return values.nRows();
    }

    /** The same block with {@code prefix} before every name. */
    public FeatureBlock prefixed(String prefix) {
        List<String> n = new ArrayList<>(names.size());
        for (String s : names) {
            n.add(prefix + s);
        }
        return new FeatureBlock(values, n);
    }

    /**
     * Blocks side by side. The result is sparse when any block is sparse (k-mer counts are
     * mostly zeros), dense otherwise.
     */
    public static FeatureBlock hstack(List<FeatureBlock> blocks) {
        int n = blocks.get(0).nCells();
        boolean anySparse = false;
        List<String> names = new ArrayList<>();
        for (FeatureBlock b : blocks) {
            if (b.nCells() != n) {
                throw new IllegalArgumentException("blocks have " + n + " and " + b.nCells() + " cells");
            }
            anySparse |= b.values instanceof CsrMatrix;
            names.addAll(b.names);
        }
        return new FeatureBlock(anySparse ? sparseHstack(blocks, n, names.size()) : denseHstack(blocks, n, names.size()), names);
    }

    private static DenseMatrix denseHstack(List<FeatureBlock> blocks, int n, int nCols) {
        float[] out = new float[n * nCols];
        int off = 0;
        for (FeatureBlock b : blocks) {
            DenseMatrix d = (DenseMatrix) b.values;
            int c = d.nCols();
            float[] src = d.data();
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, i * c, out, i * nCols + off, c);
            }
            off += c;
        }
        return new DenseMatrix(n, nCols, out);
    }

    private static CsrMatrix sparseHstack(List<FeatureBlock> blocks, int n, int nCols) {
        CsrMatrix.Builder out = new CsrMatrix.Builder(nCols);
        int[] cols = new int[nCols];
        float[] vals = new float[nCols];
        for (int i = 0; i < n; i++) {
            int len = 0;
            int off = 0;
            for (FeatureBlock b : blocks) {
                if (b.values instanceof CsrMatrix c) {
                    int[] idx = c.rowIndices(i);
                    float[] dat = c.rowData(i);
                    int o = c.rowOffset(i);
                    for (int k = 0; k < c.rowLength(i); k++) {
                        cols[len] = off + idx[o + k];
                        vals[len++] = dat[o + k];
                    }
                } else {
                    DenseMatrix d = (DenseMatrix) b.values;
                    float[] src = d.data();
                    for (int j = 0; j < d.nCols(); j++) {
                        float v = src[i * d.nCols() + j];
                        if (v != 0f) {
                            cols[len] = off + j;
                            vals[len++] = v;
                        }
                    }
                }
                off += b.values.nCols();
            }
            out.addSortedRow(cols, vals, 0, len);
        }
        return out.build();
    }
}
