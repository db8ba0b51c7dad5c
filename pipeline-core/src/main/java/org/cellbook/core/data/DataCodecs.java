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
    public static final Codec<CsrMatrix> CSR = Codec.of("core.csr/1", CsrMatrix.class, DataCodecs::writeCsr, DataCodecs::readCsr);
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

    private static void writeCsr(CsrMatrix m, ValueOutput out) throws IOException {
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

    private static CsrMatrix readCsr(ValueInput in) throws IOException {
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
