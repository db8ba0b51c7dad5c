package org.cellbook.core.data;

/**
 * A 2-D float32 matrix, cells (or other observations) by features. Either sparse ({@link CsrMatrix})
 * or dense ({@link DenseMatrix}); the full gene matrix is always sparse, dense matrices hold only
 * reduced or HVG-scaled data.
 */
public sealed interface Matrix permits CsrMatrix, DenseMatrix {
    int nRows();

    int nCols();

    /** Value at (row, col); for sparse input a binary search in the row. */
    float get(int row, int col);

    /** Number of stored values (non-zeros for sparse, rows x cols for dense). */
    long storedValues();

    /** Approximate bytes held by this matrix's arrays (for memory reports). */
    long bytes();

    /** Rows selected in the given order. */
    Matrix selectRows(int[] rows);

    /** Columns selected in the given order. */
    Matrix selectCols(int[] cols);

    /** A dense copy; only for small matrices (tests, displays). */
    DenseMatrix toDense();

    default String shapeString() {
        return nRows() + " x " + nCols();
    }
}
