package org.cellbook.core.data;

import java.util.Arrays;

/**
 * Dense row-major float32 matrix. The backing array is shared, not copied, by {@link #data()}:
 * treat a published matrix as read-only (steps return new matrices instead of writing in place).
 */
public final class DenseMatrix implements Matrix {
    private final int nRows;
    private final int nCols;
    private final float[] data;

    public DenseMatrix(int nRows, int nCols, float[] data) {
        if (nRows < 0 || nCols < 0) {
            throw new IllegalArgumentException("negative shape " + nRows + " x " + nCols);
        }
        if ((long) nRows * nCols != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " != " + nRows + " x " + nCols);
        }
        this.nRows = nRows;
        this.nCols = nCols;
        this.data = data;
    }

    public static DenseMatrix zeros(int nRows, int nCols) {
        long n = (long) nRows * nCols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dense " + nRows + " x " + nCols + " is too large for one array; keep it sparse");
        }
        return new DenseMatrix(nRows, nCols, new float[(int) n]);
    }

    /** From row arrays (copied); handy in tests. */
    public static DenseMatrix ofRows(double[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                d[i * c + j] = (float) rows[i][j];
            }
        }
        return new DenseMatrix(r, c, d);
    }

    @Override public int nRows() { return nRows; }

    @Override public int nCols() { return nCols; }

    @Override
    public float get(int row, int col) {
        return data[row * nCols + col];
    }

    /** The backing row-major array (not a copy). */
    public float[] data() {
        return data;
    }

    /** A copy of one row. */
    public float[] row(int row) {
        return Arrays.copyOfRange(data, row * nCols, (row + 1) * nCols);
    }

    /** A copy of one column. */
    public float[] col(int col) {
        float[] out = new float[nRows];
        for (int i = 0; i < nRows; i++) {
            out[i] = data[i * nCols + col];
        }
        return out;
    }

    @Override public long storedValues() { return (long) nRows * nCols; }

    @Override public long bytes() { return 4L * data.length; }

    @Override
    public DenseMatrix selectRows(int[] rows) {
        float[] out = new float[rows.length * nCols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data, rows[i] * nCols, out, i * nCols, nCols);
        }
        return new DenseMatrix(rows.length, nCols, out);
    }

    @Override
    public DenseMatrix selectCols(int[] cols) {
        float[] out = new float[nRows * cols.length];
        for (int i = 0; i < nRows; i++) {
            int base = i * nCols;
            for (int j = 0; j < cols.length; j++) {
                out[i * cols.length + j] = data[base + cols[j]];
            }
        }
        return new DenseMatrix(nRows, cols.length, out);
    }

    @Override
    public DenseMatrix toDense() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseMatrix m && m.nRows == nRows && m.nCols == nCols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * nRows + nCols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DenseMatrix[" + shapeString() + "]";
    }
}
