package org.cellbook.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {
    /** A random sparse matrix built row by row with the given chunk limit. */
    private static CsrMatrix random(int rows, int cols, double density, long seed, int maxChunk) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CsrMatrix.Builder b = new CsrMatrix.Builder(cols, maxChunk);
        int[] idx = new int[cols];
        float[] val = new float[cols];
        for (int i = 0; i < rows; i++) {
            int n = 0;
            for (int j = 0; j < cols; j++) {
                if (rnd.nextDouble() < density) {
                    idx[n] = j;
                    val[n++] = 1 + rnd.nextInt(20);
                }
            }
            b.addSortedRow(idx, val, 0, n);
        }
        return b.build();
    }

    @Test
    void multiChunkMatrixBehavesLikeSingleChunk() {
        CsrMatrix one = random(300, 40, 0.2, 7, CsrMatrix.MAX_CHUNK);
        CsrMatrix many = random(300, 40, 0.2, 7, 50);
        assertEquals(1, one.chunkCount());
        assertTrue(many.chunkCount() > 10, "expected many chunks, got " + many.chunkCount());
        assertEquals(one, many);
        assertArrayEquals(one.toDense().data(), many.toDense().data());
        assertArrayEquals(one.rowSums(), many.rowSums());
        assertArrayEquals(one.colSums(), many.colSums());
        for (int i = 0; i < 300; i += 17) {
            for (int j = 0; j < 40; j++) {
                assertEquals(one.get(i, j), many.get(i, j));
            }
        }
        int[] rows = {299, 0, 150, 150, 3};
        assertEquals(one.selectRows(rows), many.selectRows(rows));
        int[] cols = {39, 2, 17};
        assertEquals(one.selectCols(cols), many.selectCols(cols));
        CsrMatrix doubled = many.mapValues((r, c, v) -> 2 * v);
        assertEquals(2 * one.get(5, 3), doubled.get(5, 3));
        assertEquals(many.chunkCount(), doubled.chunkCount());
        // the bulk parallel maps give what the per-value map gives, chunk by chunk
        assertEquals(doubled, many.mapStoredValues((src, dst, from, to) -> {
            for (int k = from; k < to; k++) {
                dst[k] = 2 * src[k];
            }
        }));
        CsrMatrix plusRow = many.mapValues((r, c, v) -> v + r);
        assertEquals(plusRow, many.mapRows((row, src, dst, from, to) -> {
            for (int k = from; k < to; k++) {
                dst[k] = src[k] + row;
            }
        }));
    }

    /**
     * Row selection copies runs of consecutive rows in one piece: runs that cross the 2,048-row
     * output blocks and the chunks of a multi-chunk input, repeats and backward steps all give
     * the dense oracle's rows.
     */
    @Test
    void selectedRunsMatchTheDenseOracleAcrossBlocksAndChunks() {
        CsrMatrix one = random(6000, 12, 0.3, 21, CsrMatrix.MAX_CHUNK);
        CsrMatrix many = random(6000, 12, 0.3, 21, 700);
        assertTrue(many.chunkCount() > 10, "expected many chunks, got " + many.chunkCount());
        float[] dense = one.toDense().data();
        java.util.List<Integer> picked = new java.util.ArrayList<>();
        java.util.stream.IntStream.range(0, 6000).filter(i -> i % 997 != 5 && (i < 2000 || i > 2100)).forEach(picked::add);
        picked.addAll(java.util.List.of(7, 7, 8, 3, 5999, 0, 1, 2));
        int[] rows = picked.stream().mapToInt(Integer::intValue).toArray();
        float[] expect = new float[rows.length * 12];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(dense, rows[i] * 12, expect, i * 12, 12);
        }
        assertArrayEquals(expect, one.selectRows(rows).toDense().data());
        assertArrayEquals(expect, many.selectRows(rows).toDense().data());
        assertEquals(one.selectRows(rows), many.selectRows(rows));
    }

    /** The in-place row map gives mapRows' values, keeps the structure arrays and allocates no new values. */
    @Test
    void inPlaceRowMapMatchesTheCopyingOne() {
        CsrMatrix.RowFunction plusRow = (row, src, dst, from, to) -> {
            for (int k = from; k < to; k++) {
                dst[k] = src[k] / 3f + row;
            }
        };
        for (int maxChunk : new int[] {CsrMatrix.MAX_CHUNK, 50}) {
            CsrMatrix expected = random(5000, 20, 0.2, 5, maxChunk).mapRows(plusRow);
            CsrMatrix own = random(5000, 20, 0.2, 5, maxChunk);
            float[] values = own.rowData(4999);
            int[] indices = own.rowIndices(4999);
            CsrMatrix mapped = own.mapRowsInPlace(plusRow);
            assertEquals(expected, mapped);
            assertTrue(values == mapped.rowData(4999) && indices == mapped.rowIndices(4999), "arrays must be reused");
        }
    }

    /** Row blocks of the parallel copies are 2,048 rows: 5,000 rows span three, the last partial. */
    @Test
    void parallelSelectionsAndStackMatchTheDenseOracle() {
        CsrMatrix m = random(5000, 30, 0.15, 11, CsrMatrix.MAX_CHUNK);
        float[] dense = m.toDense().data();
        int[] rows = java.util.stream.IntStream.range(0, 5000).filter(i -> i % 3 != 1).toArray();
        float[] expectRows = new float[rows.length * 30];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(dense, rows[i] * 30, expectRows, i * 30, 30);
        }
        assertArrayEquals(expectRows, m.selectRows(rows).toDense().data());
        int[] cols = {0, 4, 5, 17, 29};
        float[] expectCols = new float[5000 * cols.length];
        for (int i = 0; i < 5000; i++) {
            for (int j = 0; j < cols.length; j++) {
                expectCols[i * cols.length + j] = dense[i * 30 + cols[j]];
            }
        }
        CsrMatrix picked = m.selectCols(cols);
        assertArrayEquals(expectCols, picked.toDense().data());
        assertEquals(m.selectCols(new int[] {0, 4, 5, 17, 29}), random(5000, 30, 0.15, 11, 97).selectCols(cols));
        CsrMatrix other = random(2100, 30, 0.3, 12, 64);
        CsrMatrix stacked = CsrMatrix.stackRows(java.util.List.of(m, other, m.selectRows(new int[] {4, 2})));
        assertEquals(5000 + 2100 + 2, stacked.nRows());
        float[] expectStack = new float[stacked.nRows() * 30];
        System.arraycopy(dense, 0, expectStack, 0, dense.length);
        System.arraycopy(other.toDense().data(), 0, expectStack, dense.length, 2100 * 30);
        System.arraycopy(dense, 4 * 30, expectStack, (7100) * 30, 30);
        System.arraycopy(dense, 2 * 30, expectStack, (7101) * 30, 30);
        assertArrayEquals(expectStack, stacked.toDense().data());
        assertEquals(m.nnz() + other.nnz() + m.rowLength(4) + m.rowLength(2), stacked.nnz());
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.stackRows(java.util.List.of(m, CsrMatrix.empty(1, 3))));
    }

    @Test
    void unsortedAndDuplicateEntriesAreCanonicalised() {
        CsrMatrix m = CsrMatrix.of(2, 4, new int[] {0, 3, 4}, new int[] {3, 1, 3, 0}, new float[] {1, 2, 5, 7});
        assertEquals(6f, m.get(0, 3));
        assertEquals(2f, m.get(0, 1));
        assertEquals(7f, m.get(1, 0));
        assertEquals(3, m.nnz());
        assertEquals(0f, m.get(1, 2));
    }

    @Test
    void selectColsReordersAndKeepsSorted() {
        CsrMatrix m = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[][] {{1, 0, 3}, {0, 5, 6}}));
        CsrMatrix s = m.selectCols(new int[] {2, 0});
        assertArrayEquals(new float[] {3, 1, 6, 0}, s.toDense().data());
        int off = s.rowOffset(0);
        assertTrue(s.rowIndices(0)[off] < s.rowIndices(0)[off + 1]);
    }

    @Test
    void rejectsBadStructure() {
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.of(1, 2, new int[] {0, 1}, new int[] {2}, new float[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.of(2, 2, new int[] {0, 1}, new int[] {0}, new float[] {1}));
    }

    @Test
    void nonZeroCountsIgnoreExplicitZeros() {
        CsrMatrix m = CsrMatrix.of(2, 3, new int[] {0, 2, 3}, new int[] {0, 2, 1}, new float[] {0, 4, 1});
        assertArrayEquals(new int[] {1, 1}, m.rowNonZeros());
        assertArrayEquals(new int[] {0, 1, 1}, m.colNonZeros());
    }
}
