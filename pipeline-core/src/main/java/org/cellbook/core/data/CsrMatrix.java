package org.cellbook.core.data;

import java.util.Arrays;

/**
 * Compressed sparse row matrix of float32 values, the layout of scanpy's {@code X}.
 *
 * <p>Row pointers are 64-bit ({@code long[]}) so a matrix may hold more than 2^31 non-zeros.
 * Java arrays cannot, so values and column indices live in <em>chunks</em> of whole rows: a row
 * never spans two chunks, and code that walks a row reads one plain array slice
 * ({@link #rowData}, {@link #rowIndices}, {@link #rowOffset}, {@link #rowLength}). Almost every
 * matrix has a single chunk; tests force several with a small chunk limit.
 *
 * <p>Invariants: column indices within a row are strictly increasing (builders sort and sum
 * duplicates); arrays are never written after construction, so matrices share them freely
 * (for example {@link #mapValues} keeps the structure and replaces only the values). The one
 * exception is {@link #mapRowsInPlace}, whose caller gives the matrix up (see there).
 */
public final class CsrMatrix implements Matrix {
    /** Largest chunk: the JVM's practical array limit. */
    public static final int MAX_CHUNK = Integer.MAX_VALUE - 16;

    private final int nRows;
    private final int nCols;
    private final long[] indptr;
    private final float[][] data;
    private final int[][] indices;
    /** chunkFirstRow[c] is the first row of chunk c; one extra entry equal to nRows. */
    private final int[] chunkFirstRow;

    private CsrMatrix(int nRows, int nCols, long[] indptr, float[][] data, int[][] indices, int[] chunkFirstRow) {
        this.nRows = nRows;
        this.nCols = nCols;
        this.indptr = indptr;
        this.data = data;
        this.indices = indices;
        this.chunkFirstRow = chunkFirstRow;
    }

    /**
     * A single-chunk matrix from standard CSR arrays (taken, not copied). Rows whose column
     * indices are unsorted are sorted; duplicates are summed; out-of-range indices are rejected.
     */
    public static CsrMatrix of(int nRows, int nCols, int[] indptr, int[] indices, float[] data) {
        long[] p = new long[indptr.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = indptr[i];
        }
        return of(nRows, nCols, p, indices, data);
    }

    /** As {@link #of(int, int, int[], int[], float[])} with 64-bit row pointers. */
    public static CsrMatrix of(int nRows, int nCols, long[] indptr, int[] indices, float[] data) {
        if (indptr.length != nRows + 1) {
            throw new IllegalArgumentException("indptr has " + indptr.length + " entries, expected " + (nRows + 1));
        }
        if (indptr[0] != 0 || indptr[nRows] != data.length || data.length != indices.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays: indptr ends at " + indptr[nRows]
                    + ", " + data.length + " values, " + indices.length + " indices");
        }
        boolean canonical = true;
        for (int i = 0; i < nRows && canonical; i++) {
            if (indptr[i + 1] < indptr[i]) {
                throw new IllegalArgumentException("indptr decreases at row " + i);
            }
            for (long k = indptr[i]; k < indptr[i + 1]; k++) {
                int c = indices[(int) k];
                if (c < 0 || c >= nCols) {
                    throw new IllegalArgumentException("column index " + c + " out of range [0, " + nCols + ") in row " + i);
                }
                if (k > indptr[i] && c <= indices[(int) k - 1]) {
                    canonical = false;
                    break;
                }
            }
        }
        if (canonical) {
            return new CsrMatrix(nRows, nCols, indptr, new float[][] {data}, new int[][] {indices}, new int[] {0, nRows});
        }
        Builder b = new Builder(nCols);
        for (int i = 0; i < nRows; i++) {
            int off = (int) indptr[i];
            int len = (int) (indptr[i + 1] - indptr[i]);
            b.addRow(Arrays.copyOfRange(indices, off, off + len), Arrays.copyOfRange(data, off, off + len), len);
        }
        return b.build();
    }

    /** An all-zero matrix. */
    public static CsrMatrix empty(int nRows, int nCols) {
        return new CsrMatrix(nRows, nCols, new long[nRows + 1], new float[][] {new float[0]}, new int[][] {new int[0]},
                new int[] {0, nRows});
    }

    /** Sparse copy of a dense matrix (zeros dropped). */
    public static CsrMatrix fromDense(DenseMatrix m) {
        Builder b = new Builder(m.nCols());
        int[] cols = new int[m.nCols()];
        float[] vals = new float[m.nCols()];
        for (int i = 0; i < m.nRows(); i++) {
            int n = 0;
            for (int j = 0; j < m.nCols(); j++) {
                float v = m.get(i, j);
                if (v != 0f) {
                    cols[n] = j;
                    vals[n++] = v;
                }
            }
            b.addRow(cols, vals, n);
        }
        return b.build();
    }

    @Override public int nRows() { return nRows; }

    @Override public int nCols() { return nCols; }

    /** Number of stored non-zeros. */
    public long nnz() {
        return indptr[nRows];
    }

    @Override public long storedValues() { return nnz(); }

    @Override
    public long bytes() {
        return 8L * indptr.length + 8L * nnz();
    }

    /** Number of chunks (1 unless the matrix holds more than {@link #MAX_CHUNK} non-zeros). */
    public int chunkCount() {
        return data.length;
    }

    // Chunk access for the cache codec (same package), which stores chunks as they are.
    float[] chunkData(int c) {
        return data[c];
    }

    int[] chunkIndices(int c) {
        return indices[c];
    }

    int[] chunkFirstRows() {
        return chunkFirstRow;
    }

    /** Reassembles a matrix from stored chunks, checking that the parts agree. */
    static CsrMatrix fromChunks(int nRows, int nCols, long[] indptr, float[][] data, int[][] indices, int[] firstRows) {
        if (indptr.length != nRows + 1 || data.length != indices.length || firstRows.length != data.length + 1
                || firstRows[firstRows.length - 1] != nRows) {
            throw new IllegalArgumentException("inconsistent CSR chunks");
        }
        for (int c = 0; c < data.length; c++) {
            long expected = indptr[firstRows[c + 1]] - indptr[firstRows[c]];
            if (data[c].length != expected || indices[c].length != expected) {
                throw new IllegalArgumentException("CSR chunk " + c + " holds " + data[c].length + " values, expected " + expected);
            }
        }
        return new CsrMatrix(nRows, nCols, indptr, data, indices, firstRows);
    }

    /** 64-bit global row pointers (not a copy; do not write). */
    public long[] indptr() {
        return indptr;
    }

    private int chunkOf(int row) {
        if (data.length == 1) {
            return 0;
        }
        int c = Arrays.binarySearch(chunkFirstRow, row);
        if (c >= 0) {
            // Several chunks may start at the same row only when earlier ones are empty: take the last.
            while (c + 1 < chunkFirstRow.length - 1 && chunkFirstRow[c + 1] == row) {
                c++;
            }
            return c;
        }
        return -c - 2;
    }

    /** The value array holding row {@code row}, read from {@link #rowOffset} for {@link #rowLength} entries. */
    public float[] rowData(int row) {
        return data[chunkOf(row)];
    }

    /** The column-index array holding row {@code row} (same slice as {@link #rowData}). */
    public int[] rowIndices(int row) {
        return indices[chunkOf(row)];
    }

    /** Offset of the row's first entry inside {@link #rowData} / {@link #rowIndices}. */
    public int rowOffset(int row) {
        int c = chunkOf(row);
        return (int) (indptr[row] - indptr[chunkFirstRow[c]]);
    }

    public int rowLength(int row) {
        return (int) (indptr[row + 1] - indptr[row]);
    }

    @Override
    public float get(int row, int col) {
        int c = chunkOf(row);
        int off = (int) (indptr[row] - indptr[chunkFirstRow[c]]);
        int k = Arrays.binarySearch(indices[c], off, off + rowLength(row), col);
        return k >= 0 ? data[c][k] : 0f;
    }

    /** Same structure, values replaced by {@code f(row, col, value)}; zeros produced are kept as explicit entries. */
    public CsrMatrix mapValues(ValueFunction f) {
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) {
            float[] src = data[c];
            float[] dst = new float[src.length];
            int[] idx = indices[c];
            long base = indptr[chunkFirstRow[c]];
            for (int row = chunkFirstRow[c]; row < chunkFirstRow[c + 1]; row++) {
                int from = (int) (indptr[row] - base);
                int to = (int) (indptr[row + 1] - base);
                for (int k = from; k < to; k++) {
                    dst[k] = f.apply(row, idx[k], src[k]);
                }
            }
            out[c] = dst;
        }
        return new CsrMatrix(nRows, nCols, indptr, out, indices, chunkFirstRow);
    }

    /** Stored values per block of {@link #mapStoredValues}: fixed, so block bounds never depend on threads. */
    static final int VALUE_BLOCK = 1 << 16;

    /**
     * Element-wise map of the stored values, run in parallel over fixed blocks of them (structure
     * shared, zeros stay implicit). {@code f} fills {@code dst[from, to)} from {@code src[from, to)}
     * only, so the result is the same on any number of threads. A bulk form, so the per-value work
     * is a tight loop the JIT can inline rather than a call per value.
     */
    public CsrMatrix mapStoredValues(BlockFunction f) {
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) {
            float[] src = data[c];
            float[] dst = new float[src.length];
            int blocks = (src.length + VALUE_BLOCK - 1) / VALUE_BLOCK;
            java.util.stream.IntStream.range(0, blocks).parallel()
                    .forEach(b -> f.apply(src, dst, b * VALUE_BLOCK, Math.min(src.length, (b + 1) * VALUE_BLOCK)));
            out[c] = dst;
        }
        return new CsrMatrix(nRows, nCols, indptr, out, indices, chunkFirstRow);
    }

    /** Rows per block of {@link #mapRows}: fixed, so block bounds never depend on threads. */
    static final int ROW_BLOCK = 2048;

    /**
     * Maps the stored values row by row, in parallel over fixed blocks of rows (structure shared).
     * {@code f} fills {@code dst[from, to)}, the slice of row {@code row}, from {@code src[from, to)}.
     */
    public CsrMatrix mapRows(RowFunction f) {
        return mapRowsInto(newValueArrays(), f);
    }

    /**
     * Value arrays for {@link #mapRowsInto}, one per chunk, sized like this matrix's. A separate
     * call so that the allocation (the JVM zeroes the arrays and the kernel maps fresh pages:
     * most of the cost of a simple map over a few hundred MB) can run on another thread while
     * the caller computes what {@code f} needs.
     */
    public float[][] newValueArrays() {
        float[][] out = new float[data.length][];
        for (int c = 0; c < data.length; c++) {
            out[c] = new float[data[c].length];
        }
        return out;
    }

    /**
     * {@link #mapRows} into arrays from {@link #newValueArrays} of this matrix, which the caller
     * hands over (it must keep no reference: the result owns them and never changes them).
     */
    public CsrMatrix mapRowsInto(float[][] fresh, RowFunction f) {
        if (fresh.length != data.length) {
            throw new IllegalArgumentException(fresh.length + " value arrays for " + data.length + " chunks");
        }
        for (int c = 0; c < data.length; c++) {
            if (fresh[c].length != data[c].length) {
                throw new IllegalArgumentException("value array " + c + " holds " + fresh[c].length + ", expected " + data[c].length);
            }
        }
        for (int c = 0; c < data.length; c++) {
            float[] src = data[c];
            float[] dst = fresh[c];
            int first = chunkFirstRow[c];
            int rows = chunkFirstRow[c + 1] - first;
            long base = indptr[first];
            java.util.stream.IntStream.range(0, (rows + ROW_BLOCK - 1) / ROW_BLOCK).parallel().forEach(b -> {
                for (int row = first + b * ROW_BLOCK; row < first + Math.min(rows, (b + 1) * ROW_BLOCK); row++) {
                    f.apply(row, src, dst, (int) (indptr[row] - base), (int) (indptr[row + 1] - base));
                }
            });
        }
        return new CsrMatrix(nRows, nCols, indptr, fresh.clone(), indices, chunkFirstRow);
    }

    /**
     * {@link #mapRows} writing over this matrix's own value arrays instead of new ones, as scanpy's
     * in-place steps do: no allocation, so no fresh pages to zero and map (for a few hundred MB
     * that costs more than the map itself). {@code f} gets the same array as {@code src} and
     * {@code dst} and must only read {@code src[k]} before writing {@code dst[k]}.
     *
     * <p><b>Ownership.</b> The caller gives this matrix up: afterwards its values are the mapped
     * ones, and the result (which shares every array with it) is the only matrix that may be read.
     * Use it only on a matrix that no other live object can still read: not one held by a cache,
     * by another container (an {@link AnnData} derived without changing X shares it, e.g. through
     * {@code withObsColumn}), or as a layer. When in doubt use {@link #mapRows}.
     */
    public CsrMatrix mapRowsInPlace(RowFunction f) {
        return mapRowsInto(data, f); // the same row loop, writing into the arrays it reads
    }

    /** Maps the values of one row, {@code src[from, to)}, into {@code dst[from, to)}. */
    @FunctionalInterface
    public interface RowFunction {
        void apply(int row, float[] src, float[] dst, int from, int to);
    }

    /** Maps {@code src[from, to)} into {@code dst[from, to)}. */
    @FunctionalInterface
    public interface BlockFunction {
        void apply(float[] src, float[] dst, int from, int to);
    }

    /** Maps one stored value. */
    @FunctionalInterface
    public interface ValueFunction {
        float apply(int row, int col, float value);
    }

    /** Per-row sums in double precision. */
    public double[] rowSums() {
        double[] s = new double[nRows];
        for (int i = 0; i < nRows; i++) {
            float[] d = rowData(i);
            int off = rowOffset(i);
            int end = off + rowLength(i);
            double acc = 0;
            for (int k = off; k < end; k++) {
                acc += d[k];
            }
            s[i] = acc;
        }
        return s;
    }

    /** Per-column sums in double precision. */
    public double[] colSums() {
        double[] s = new double[nCols];
        for (int c = 0; c < data.length; c++) {
            float[] d = data[c];
            int[] idx = indices[c];
            for (int k = 0; k < d.length; k++) {
                s[idx[k]] += d[k];
            }
        }
        return s;
    }

    /** Per-column count of stored non-zero values. */
    public int[] colNonZeros() {
        int[] n = new int[nCols];
        for (int c = 0; c < data.length; c++) {
            float[] d = data[c];
            int[] idx = indices[c];
            for (int k = 0; k < d.length; k++) {
                if (d[k] != 0f) {
                    n[idx[k]]++;
                }
            }
        }
        return n;
    }

    /** Per-row count of stored non-zero values. */
    public int[] rowNonZeros() {
        int[] n = new int[nRows];
        for (int i = 0; i < nRows; i++) {
            float[] d = rowData(i);
            int off = rowOffset(i);
            int end = off + rowLength(i);
            for (int k = off; k < end; k++) {
                if (d[k] != 0f) {
                    n[i]++;
                }
            }
        }
        return n;
    }

    @Override
    public CsrMatrix selectRows(int[] rows) {
        long[] p = new long[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= nRows) {
                throw new IndexOutOfBoundsException("row " + r + " of " + nRows);
            }
            p[i + 1] = p[i] + rowLength(r);
        }
        if (p[rows.length] > MAX_CHUNK) {
            Builder b = new Builder(nCols);
            for (int r : rows) {
                b.addSortedRow(rowIndices(r), rowData(r), rowOffset(r), rowLength(r));
            }
            return b.build();
        }
        return gatherRuns(rows, p);
    }

    /**
     * {@link #selectRows} into one chunk: output rows are cut into fixed blocks of
     * {@link #ROW_BLOCK} copied in parallel, and inside a block each run of consecutive source
     * rows (a filter keeps most rows, so runs are long) is one bulk copy per array. The two
     * output arrays are allocated on two threads, so the JVM zeroes them and the kernel maps
     * their fresh pages on both cores (most of the cost of a subset of a few hundred MB).
     */
    private CsrMatrix gatherRuns(int[] rows, long[] p) {
        int n = rows.length;
        int nnz = (int) p[n];
        java.util.concurrent.FutureTask<float[]> vals = FreshArrays.floatsOnAnotherThread(nnz);
        int[] idx = new int[nnz];
        float[] val = FreshArrays.await(vals);
        java.util.stream.IntStream.range(0, (n + ROW_BLOCK - 1) / ROW_BLOCK).parallel().forEach(b -> {
            int end = Math.min(n, (b + 1) * ROW_BLOCK);
            int i = b * ROW_BLOCK;
            while (i < end) {
                int first = rows[i];
                int c = chunkOf(first);
                int j = i + 1;
                while (j < end && rows[j] == rows[j - 1] + 1 && rows[j] < chunkFirstRow[c + 1]) {
                    j++;
                }
                int off = rowOffset(first);
                int len = (int) (p[j] - p[i]);
                System.arraycopy(indices[c], off, idx, (int) p[i], len);
                System.arraycopy(data[c], off, val, (int) p[i], len);
                i = j;
            }
        });
        return new CsrMatrix(n, nCols, p, new float[][] {val}, new int[][] {idx}, new int[] {0, n});
    }

    /**
     * The rows of every part, in order, as one matrix (parts share the column count). Copies
     * whole row slices in parallel; the result is the same on any number of threads.
     */
    public static CsrMatrix stackRows(java.util.List<CsrMatrix> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        int nCols = parts.get(0).nCols;
        int n = 0;
        for (CsrMatrix m : parts) {
            if (m.nCols != nCols) {
                throw new IllegalArgumentException("parts have " + nCols + " and " + m.nCols + " columns");
            }
            n += m.nRows;
        }
        long[] p = new long[n + 1];
        int[] part = new int[n];
        int[] local = new int[n];
        int at = 0;
        for (int q = 0; q < parts.size(); q++) {
            CsrMatrix m = parts.get(q);
            for (int i = 0; i < m.nRows; i++, at++) {
                part[at] = q;
                local[at] = i;
                p[at + 1] = p[at] + m.rowLength(i);
            }
        }
        if (p[n] > MAX_CHUNK) {
            Builder b = new Builder(nCols);
            for (CsrMatrix m : parts) {
                for (int i = 0; i < m.nRows; i++) {
                    b.addSortedRow(m.rowIndices(i), m.rowData(i), m.rowOffset(i), m.rowLength(i));
                }
            }
            return b.build();
        }
        return gather(nCols, p, (i, dstIdx, dstVal, to) -> {
            CsrMatrix m = parts.get(part[i]);
            int r = local[i];
            int off = m.rowOffset(r);
            int len = m.rowLength(r);
            System.arraycopy(m.rowIndices(r), off, dstIdx, to, len);
            System.arraycopy(m.rowData(r), off, dstVal, to, len);
        });
    }

    /** Writes output row {@code i} (already canonical) at {@code dst[at, at + its length)}. */
    @FunctionalInterface
    private interface RowCopy {
        void copy(int i, int[] dstIdx, float[] dstVal, int at);
    }

    /**
     * A single-chunk matrix whose row pointers {@code p} are known, rows filled by {@code copy} in
     * parallel over fixed blocks of {@link #ROW_BLOCK} rows (disjoint slices, so thread-independent);
     * the two arrays are allocated on two threads (see {@link FreshArrays}).
     */
    private static CsrMatrix gather(int nCols, long[] p, RowCopy copy) {
        int n = p.length - 1;
        java.util.concurrent.FutureTask<float[]> vals = FreshArrays.floatsOnAnotherThread((int) p[n]);
        int[] idx = new int[(int) p[n]];
        float[] val = FreshArrays.await(vals);
        java.util.stream.IntStream.range(0, (n + ROW_BLOCK - 1) / ROW_BLOCK).parallel().forEach(b -> {
            for (int i = b * ROW_BLOCK; i < Math.min(n, (b + 1) * ROW_BLOCK); i++) {
                copy.copy(i, idx, val, (int) p[i]);
            }
        });
        return new CsrMatrix(n, nCols, p, new float[][] {val}, new int[][] {idx}, new int[] {0, n});
    }

    @Override
    public CsrMatrix selectCols(int[] cols) {
        int[] newIndex = new int[nCols];
        Arrays.fill(newIndex, -1);
        boolean ascending = true;
        for (int j = 0; j < cols.length; j++) {
            if (cols[j] < 0 || cols[j] >= nCols) {
                throw new IndexOutOfBoundsException("column " + cols[j] + " of " + nCols);
            }
            if (newIndex[cols[j]] >= 0) {
                throw new IllegalArgumentException("column " + cols[j] + " selected twice");
            }
            newIndex[cols[j]] = j;
            ascending &= j == 0 || cols[j] > cols[j - 1];
        }
        if (ascending) {
            CsrMatrix fast = selectAscendingCols(newIndex, cols.length);
            if (fast != null) {
                return fast;
            }
        }
        Builder b = new Builder(cols.length);
        int[] bufIdx = new int[cols.length];
        float[] bufVal = new float[cols.length];
        for (int i = 0; i < nRows; i++) {
            float[] d = rowData(i);
            int[] idx = rowIndices(i);
            int off = rowOffset(i);
            int end = off + rowLength(i);
            int n = 0;
            for (int k = off; k < end; k++) {
                int nj = newIndex[idx[k]];
                if (nj >= 0) {
                    bufIdx[n] = nj;
                    bufVal[n++] = d[k];
                }
            }
            if (ascending) {
                b.addSortedRow(bufIdx, bufVal, 0, n);
            } else {
                b.addRow(bufIdx, bufVal, n);
            }
        }
        return b.build();
    }

    /**
     * Columns kept in their order ({@code newIndex[j]} is column j's new index or -1): rows stay
     * sorted, so a counting pass gives exact row pointers and a second pass copies, both in
     * parallel over fixed row blocks. Null when the result would need more than one chunk.
     */
    private CsrMatrix selectAscendingCols(int[] newIndex, int nNew) {
        long[] p = new long[nRows + 1];
        java.util.stream.IntStream.range(0, (nRows + ROW_BLOCK - 1) / ROW_BLOCK).parallel().forEach(b -> {
            for (int i = b * ROW_BLOCK; i < Math.min(nRows, (b + 1) * ROW_BLOCK); i++) {
                int[] idx = rowIndices(i);
                int off = rowOffset(i);
                int end = off + rowLength(i);
                int n = 0;
                for (int k = off; k < end; k++) {
                    n += newIndex[idx[k]] >= 0 ? 1 : 0;
                }
                p[i + 1] = n;
            }
        });
        for (int i = 0; i < nRows; i++) {
            p[i + 1] += p[i];
        }
        if (p[nRows] > MAX_CHUNK) {
            return null;
        }
        java.util.concurrent.FutureTask<float[]> vals = FreshArrays.floatsOnAnotherThread((int) p[nRows]);
        int[] nIdx = new int[(int) p[nRows]];
        float[] nVal = FreshArrays.await(vals);
        java.util.stream.IntStream.range(0, (nRows + ROW_BLOCK - 1) / ROW_BLOCK).parallel().forEach(b -> {
            for (int i = b * ROW_BLOCK; i < Math.min(nRows, (b + 1) * ROW_BLOCK); i++) {
                float[] d = rowData(i);
                int[] idx = rowIndices(i);
                int off = rowOffset(i);
                int end = off + rowLength(i);
                int at = (int) p[i];
                for (int k = off; k < end; k++) {
                    int nj = newIndex[idx[k]];
                    if (nj >= 0) {
                        nIdx[at] = nj;
                        nVal[at++] = d[k];
                    }
                }
            }
        });
        return new CsrMatrix(nRows, nNew, p, new float[][] {nVal}, new int[][] {nIdx}, new int[] {0, nRows});
    }

    @Override
    public DenseMatrix toDense() {
        DenseMatrix out = DenseMatrix.zeros(nRows, nCols);
        float[] o = out.data();
        for (int i = 0; i < nRows; i++) {
            float[] d = rowData(i);
            int[] idx = rowIndices(i);
            int off = rowOffset(i);
            int end = off + rowLength(i);
            for (int k = off; k < end; k++) {
                o[i * nCols + idx[k]] = d[k];
            }
        }
        return out;
    }

    /** Copy of the matrix as one set of standard CSR arrays; fails past 2^31 non-zeros. */
    public int[] indicesCopy() {
        return concatInts(indices);
    }

    /** Copy of the values as one array; fails past 2^31 non-zeros. */
    public float[] dataCopy() {
        return concatFloats(data);
    }

    private int[] concatInts(int[][] chunks) {
        int[] out = new int[Math.toIntExact(nnz())];
        int pos = 0;
        for (int[] c : chunks) {
            System.arraycopy(c, 0, out, pos, c.length);
            pos += c.length;
        }
        return out;
    }

    private float[] concatFloats(float[][] chunks) {
        float[] out = new float[Math.toIntExact(nnz())];
        int pos = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, out, pos, c.length);
            pos += c.length;
        }
        return out;
    }

    /** Same shape, structure and values (chunking may differ). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CsrMatrix m) || m.nRows != nRows || m.nCols != nCols || !Arrays.equals(m.indptr, indptr)) {
            return false;
        }
        for (int i = 0; i < nRows; i++) {
            int a = rowOffset(i);
            int b = m.rowOffset(i);
            int len = rowLength(i);
            if (!Arrays.equals(rowIndices(i), a, a + len, m.rowIndices(i), b, b + len)
                    || !Arrays.equals(rowData(i), a, a + len, m.rowData(i), b, b + len)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * nRows + nCols) + Long.hashCode(nnz());
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + shapeString() + ", nnz=" + nnz() + (data.length > 1 ? ", chunks=" + data.length : "") + "]";
    }

    /**
     * Builds a matrix row by row. Rows are appended in order; a new chunk starts whenever the
     * next row would not fit the chunk limit.
     */
    public static final class Builder {
        private final int nCols;
        private final int maxChunk;
        private long[] indptr = new long[1025];
        private int nRows;
        private final java.util.List<float[]> doneData = new java.util.ArrayList<>();
        private final java.util.List<int[]> doneIdx = new java.util.ArrayList<>();
        private final java.util.List<Integer> firstRows = new java.util.ArrayList<>();
        private float[] curData = new float[1024];
        private int[] curIdx = new int[1024];
        private int curLen;

        public Builder(int nCols) {
            this(nCols, MAX_CHUNK);
        }

        /** With a chunk limit below {@link #MAX_CHUNK}: for tests of the multi-chunk path. */
        public Builder(int nCols, int maxChunk) {
            if (maxChunk < 1) {
                throw new IllegalArgumentException("maxChunk must be positive");
            }
            this.nCols = nCols;
            this.maxChunk = maxChunk;
            firstRows.add(0);
        }

        /** Appends a row whose column indices may be unsorted or repeated (sorted here, duplicates summed). */
        public Builder addRow(int[] cols, float[] vals, int len) {
            boolean sorted = true;
            for (int k = 1; k < len && sorted; k++) {
                sorted = cols[k] > cols[k - 1];
            }
            if (sorted) {
                return addSortedRow(cols, vals, 0, len);
            }
            Integer[] order = new Integer[len];
            for (int k = 0; k < len; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(cols[a], cols[b]));
            int[] sc = new int[len];
            float[] sv = new float[len];
            int n = 0;
            for (int k = 0; k < len; k++) {
                int c = cols[order[k]];
                if (n > 0 && sc[n - 1] == c) {
                    sv[n - 1] += vals[order[k]];
                } else {
                    sc[n] = c;
                    sv[n++] = vals[order[k]];
                }
            }
            return addSortedRow(sc, sv, 0, n);
        }

        /** Appends a row whose column indices are strictly increasing (checked). */
        public Builder addSortedRow(int[] cols, float[] vals, int off, int len) {
            if (len > maxChunk) {
                throw new IllegalArgumentException("row of " + len + " values exceeds the chunk limit " + maxChunk);
            }
            if ((long) curLen + len > maxChunk) {
                sealChunk();
                firstRows.add(nRows);
            }
            ensureCapacity(curLen + len);
            int prev = -1;
            for (int k = 0; k < len; k++) {
                int c = cols[off + k];
                if (c <= prev || c >= nCols) {
                    throw new IllegalArgumentException(c >= nCols
                            ? "column index " + c + " out of range [0, " + nCols + ") in row " + nRows
                            : "column indices not strictly increasing in row " + nRows);
                }
                prev = c;
            }
            System.arraycopy(cols, off, curIdx, curLen, len);
            System.arraycopy(vals, off, curData, curLen, len);
            curLen += len;
            if (nRows + 2 > indptr.length) {
                indptr = Arrays.copyOf(indptr, indptr.length * 2);
            }
            indptr[nRows + 1] = indptr[nRows] + len;
            nRows++;
            return this;
        }

        private void ensureCapacity(int need) {
            if (need > curData.length) {
                int cap = (int) Math.min(maxChunk, Math.max(need, 2L * curData.length));
                curData = Arrays.copyOf(curData, cap);
                curIdx = Arrays.copyOf(curIdx, cap);
            }
        }

        private void sealChunk() {
            doneData.add(Arrays.copyOf(curData, curLen));
            doneIdx.add(Arrays.copyOf(curIdx, curLen));
            curData = new float[Math.min(1024, maxChunk)];
            curIdx = new int[Math.min(1024, maxChunk)];
            curLen = 0;
        }

        public int rowCount() {
            return nRows;
        }

        public CsrMatrix build() {
            sealChunk();
            int[] first = new int[firstRows.size() + 1];
            for (int c = 0; c < firstRows.size(); c++) {
                first[c] = firstRows.get(c);
            }
            first[first.length - 1] = nRows;
            return new CsrMatrix(nRows, nCols, Arrays.copyOf(indptr, nRows + 1),
                    doneData.toArray(new float[0][]), doneIdx.toArray(new int[0][]), first);
        }
    }
}
