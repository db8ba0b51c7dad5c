package org.cellbook.core.data;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.cache.Codec;
import org.cellbook.cache.CodecProvider;
import org.cellbook.cache.Codecs;
import org.cellbook.cache.ValueInput;
import org.cellbook.cache.ValueOutput;
import tech.tablesaw.api.Table;

/**
 * Cache codecs for the data model, found by the cache through {@link java.util.ServiceLoader}.
 * Explicit binary layouts (no Java serialization); bump a tag's version whenever its layout changes.
 */
public final class DataCodecs implements CodecProvider {
    /** Sparse matrices; see {@link #writeCsr} for the layout. */
    public static final Codec<CsrMatrix> CSR = Codec.of("core.csr/2", CsrMatrix.class, DataCodecs::writeCsr, DataCodecs::readCsr);
    /** The first sparse layout (plain int indices and float values), still read from older entries. */
    static final Codec<CsrMatrix> CSR_V1 = Codec.of("core.csr/1", CsrMatrix.class, DataCodecs::writeCsrV1, DataCodecs::readCsrV1);
    public static final Codec<DenseMatrix> DENSE = Codec.of("core.dense/1", DenseMatrix.class,
            (m, out) -> {
                out.writeInt(m.nRows());
                out.writeInt(m.nCols());
                out.writeFloats(m.data(), 0, m.data().length);
            },
            in -> {
                int r = in.readInt();
                int c = in.readInt();
                float[] d = new float[Math.multiplyExact(r, c)];
                in.readFloats(d, 0, d.length);
                return new DenseMatrix(r, c, d);
            });
    public static final Codec<AnnData> ANNDATA = Codec.of("core.anndata/1", AnnData.class, DataCodecs::writeAnnData,
            DataCodecs::readAnnData);

    @Override
    public List<Codec<?>> codecs() {
        return List.of(CSR, DENSE, ANNDATA);
    }

    @Override
    public List<Codec<?>> readers() {
        return List.of(CSR_V1);
    }

    /** How a chunk's column indices are stored. */
    private static final int INDICES_ROW_DELTAS = 1;
    /** How a chunk's values are stored. */
    private static final int VALUES_FLOAT32 = 0;
    private static final int VALUES_WHOLE = 1;
    /** Values converted per slice on the way to and from varints. */
    private static final int SLICE = 1 << 14;

    /**
     * Layout {@code core.csr/2}: rows, cols, indptr (i64 array), chunk first rows (i32 array), then
     * per chunk its column indices as zigzag varints of the differences within each row (a row's
     * first index against 0), and its values either as varints, when every value is a non-negative
     * whole number whose float bits that number gives back exactly (counts: not -0.0, not NaN), or
     * as plain float32. On a count matrix this is a quarter of the plain arrays' bytes, encodes
     * faster than LZ4 compresses them and leaves LZ4 little to do; decoding gives the same bits.
     */
    private static void writeCsr(CsrMatrix m, ValueOutput out) throws IOException {
        out.writeInt(m.nRows());
        out.writeInt(m.nCols());
        long[] indptr = m.indptr();
        out.writeLongArray(indptr);
        int[] first = m.chunkFirstRows();
        out.writeIntArray(first);
        for (int c = 0; c < m.chunkCount(); c++) {
            long base = indptr[first[c]];
            int[] idx = m.chunkIndices(c);
            out.writeByte(INDICES_ROW_DELTAS);
            int[] zz = new int[maxRowLength(indptr, first[c], first[c + 1])];
            for (int r = first[c]; r < first[c + 1]; r++) {
                int from = (int) (indptr[r] - base);
                int len = (int) (indptr[r + 1] - indptr[r]);
                int prev = 0;
                for (int q = 0; q < len; q++) {
                    int d = idx[from + q] - prev;
                    prev = idx[from + q];
                    zz[q] = (d << 1) ^ (d >> 31);
                }
                out.writeVarInts(zz, 0, len);
            }
            float[] data = m.chunkData(c);
            boolean whole = allWhole(data);
            out.writeByte(whole ? VALUES_WHOLE : VALUES_FLOAT32);
            if (!whole) {
                out.writeFloats(data, 0, data.length);
                continue;
            }
            int[] ints = new int[Math.min(SLICE, data.length)];
            for (int from = 0; from < data.length; from += SLICE) {
                int len = Math.min(SLICE, data.length - from);
                for (int q = 0; q < len; q++) {
                    ints[q] = (int) data[from + q];
                }
                out.writeVarInts(ints, 0, len);
            }
        }
    }

    /** Every value is a non-negative whole number that converts back to the same float bits. */
    private static boolean allWhole(float[] data) {
        for (float v : data) {
            int i = (int) v;
            if (i < 0 || Float.floatToRawIntBits((float) i) != Float.floatToRawIntBits(v)) {
                return false;
            }
        }
        return true;
    }

    private static int maxRowLength(long[] indptr, int from, int to) {
        long max = 0;
        for (int r = from; r < to; r++) {
            max = Math.max(max, indptr[r + 1] - indptr[r]);
        }
        return (int) max;
    }

    private static CsrMatrix readCsr(ValueInput in) throws IOException {
        int rows = ValueInput.checkLength(in.readInt());
        int cols = ValueInput.checkLength(in.readInt());
        long[] indptr = in.readLongArray();
        int[] first = in.readIntArray();
        checkLayout(rows, indptr, first);
        int chunks = first.length - 1;
        float[][] data = new float[chunks][];
        int[][] idx = new int[chunks][];
        for (int c = 0; c < chunks; c++) {
            long base = indptr[first[c]];
            int n = (int) (indptr[first[c + 1]] - base);
            int[] ix = new int[n];
            int mode = in.readByte();
            if (mode != INDICES_ROW_DELTAS) {
                throw new IOException("unknown column index encoding " + mode + " in CSR chunk " + c);
            }
            int[] zz = new int[maxRowLength(indptr, first[c], first[c + 1])];
            for (int r = first[c]; r < first[c + 1]; r++) {
                int from = (int) (indptr[r] - base);
                int len = (int) (indptr[r + 1] - indptr[r]);
                in.readVarInts(zz, 0, len);
                int col = 0;
                for (int q = 0; q < len; q++) {
                    col += (zz[q] >>> 1) ^ -(zz[q] & 1);
                    if (col < 0 || col >= cols) {
                        throw new IOException("column index " + col + " of row " + r + " is outside [0, " + cols + ")");
                    }
                    ix[from + q] = col;
                }
            }
            idx[c] = ix;
            float[] v = new float[n];
            int valueMode = in.readByte();
            if (valueMode == VALUES_FLOAT32) {
                in.readFloats(v, 0, n);
            } else if (valueMode == VALUES_WHOLE) {
                int[] ints = new int[Math.min(SLICE, n)];
                for (int from = 0; from < n; from += SLICE) {
                    int len = Math.min(SLICE, n - from);
                    in.readVarInts(ints, 0, len);
                    for (int q = 0; q < len; q++) {
                        v[from + q] = ints[q];
                    }
                }
            } else {
                throw new IOException("unknown value encoding " + valueMode + " in CSR chunk " + c);
            }
            data[c] = v;
        }
        try {
            return CsrMatrix.fromChunks(rows, cols, indptr, data, idx, first);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Row pointers and chunk starts that describe a matrix, before arrays are sized from them. */
    private static void checkLayout(int rows, long[] indptr, int[] first) throws IOException {
        if (indptr.length != rows + 1 || indptr[0] != 0) {
            throw new IOException("CSR row pointers do not fit " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (indptr[r + 1] < indptr[r]) {
                throw new IOException("CSR row pointers decrease at row " + r);
            }
        }
        if (first.length < 2 || first[0] != 0 || first[first.length - 1] != rows) {
            throw new IOException("CSR chunk starts do not cover " + rows + " rows");
        }
        for (int c = 0; c + 1 < first.length; c++) {
            if (first[c + 1] < first[c] || first[c + 1] > rows || indptr[first[c + 1]] - indptr[first[c]] > CsrMatrix.MAX_CHUNK) {
                throw new IOException("CSR chunk " + c + " is malformed");
            }
        }
    }

    /** {@code core.csr/1}: plain arrays. Kept so entries written before {@code core.csr/2} still read (and for tests). */
    static void writeCsrV1(CsrMatrix m, ValueOutput out) throws IOException {
        out.writeInt(m.nRows());
        out.writeInt(m.nCols());
        out.writeLongArray(m.indptr());
        int[] first = m.chunkFirstRows();
        out.writeIntArray(first);
        for (int c = 0; c < m.chunkCount(); c++) {
            out.writeIntArray(m.chunkIndices(c));
            out.writeFloatArray(m.chunkData(c));
        }
    }

    private static CsrMatrix readCsrV1(ValueInput in) throws IOException {
        int rows = in.readInt();
        int cols = in.readInt();
        long[] indptr = in.readLongArray();
        int[] first = in.readIntArray();
        int chunks = first.length - 1;
        float[][] data = new float[chunks][];
        int[][] idx = new int[chunks][];
        for (int c = 0; c < chunks; c++) {
            idx[c] = in.readIntArray();
            data[c] = in.readFloatArray();
        }
        try {
            return CsrMatrix.fromChunks(rows, cols, indptr, data, idx, first);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void writeAnnData(AnnData a, ValueOutput out) throws IOException {
        Codecs codecs = Codecs.defaults();
        codecs.writeValue(a.x(), out);
        Codecs.STRING_LIST.write(a.obsNames(), out);
        Codecs.STRING_LIST.write(a.varNames(), out);
        Codecs.TABLE.write(a.obs(), out);
        Codecs.TABLE.write(a.var(), out);
        writeMatrices(a.obsm(), out, codecs);
        writeMatrices(a.varm(), out, codecs);
        writeMatrices(a.layers(), out, codecs);
        writeMatrices(a.obsp(), out, codecs);
        codecs.map().write(a.uns(), out);
    }

    private static AnnData readAnnData(ValueInput in) throws IOException {
        Codecs codecs = Codecs.defaults();
        Matrix x = (Matrix) codecs.readValue(in);
        List<String> obsNames = Codecs.STRING_LIST.read(in);
        List<String> varNames = Codecs.STRING_LIST.read(in);
        Table obs = Codecs.TABLE.read(in);
        Table var = Codecs.TABLE.read(in);
        AnnData.Builder b = AnnData.builder(x, obsNames, varNames).obs(obs).var(var);
        readMatrices(in, codecs).forEach((k, v) -> b.obsm(k, (DenseMatrix) v));
        readMatrices(in, codecs).forEach((k, v) -> b.varm(k, (DenseMatrix) v));
        readMatrices(in, codecs).forEach(b::layer);
        readMatrices(in, codecs).forEach((k, v) -> b.obsp(k, (CsrMatrix) v));
        codecs.map().read(in).forEach(b::uns);
        return b.build();
    }

    private static void writeMatrices(Map<String, ? extends Matrix> m, ValueOutput out, Codecs codecs) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, ? extends Matrix> e : m.entrySet()) {
            out.writeString(e.getKey());
            codecs.writeValue(e.getValue(), out);
        }
    }

    private static Map<String, Matrix> readMatrices(ValueInput in, Codecs codecs) throws IOException {
        int n = in.readInt();
        Map<String, Matrix> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readString(), (Matrix) codecs.readValue(in));
        }
        return m;
    }
}
