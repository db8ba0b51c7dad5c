package org.cellbook.core.io;

import org.cellbook.core.data.CsrMatrix;

/**
 * Converts compressed sparse column arrays to a {@link CsrMatrix} without densifying: a counting
 * sort of the entries by row, O(nnz + rows + cols) time and one extra copy of the entries.
 */
final class CscToCsr {
    private CscToCsr() {
    }

    /**
     * @throws IllegalArgumentException when the arrays are inconsistent (callers add the file name)
     */
    static CsrMatrix convert(int nRows, int nCols, long[] colPtr, int[] rowIdx, float[] data) {
        if (colPtr.length != nCols + 1) {
            throw new IllegalArgumentException("indptr has " + colPtr.length + " entries, expected " + (nCols + 1));
        }
        int nnz = data.length;
        if (colPtr[0] != 0 || colPtr[nCols] != nnz || rowIdx.length != nnz) {
            throw new IllegalArgumentException("indptr ends at " + colPtr[nCols] + " but there are " + nnz
                    + " values and " + rowIdx.length + " indices");
        }
        long[] rowPtr = new long[nRows + 1];
        for (int k = 0; k < nnz; k++) {
            int r = rowIdx[k];
            if (r < 0 || r >= nRows) {
                throw new IllegalArgumentException("row index " + r + " out of range [0, " + nRows + ")");
            }
            rowPtr[r + 1]++;
        }
        for (int r = 0; r < nRows; r++) {
            rowPtr[r + 1] += rowPtr[r];
        }
        long[] next = java.util.Arrays.copyOf(rowPtr, nRows);
        int[] colIdx = new int[nnz];
        float[] out = new float[nnz];
        for (int c = 0; c < nCols; c++) {
            if (colPtr[c + 1] < colPtr[c]) {
                throw new IllegalArgumentException("indptr decreases at column " + c);
            }
            for (long k = colPtr[c]; k < colPtr[c + 1]; k++) {
                int at = (int) next[rowIdx[(int) k]]++;
                colIdx[at] = c;
                out[at] = data[(int) k];
            }
        }
        // Columns were visited in order, so each row is sorted; CsrMatrix.of still sums duplicate
        // entries that a non-canonical CSC input may carry.
        return CsrMatrix.of(nRows, nCols, rowPtr, colIdx, out);
    }
}
