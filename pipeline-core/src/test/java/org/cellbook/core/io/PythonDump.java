package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.data.Matrix;
import org.cellbook.core.env.PythonEnv;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/**
 * What scanpy/anndata read from an input (see scanpy_dump.py), loaded back for comparison with
 * the Java readers. Nothing here holds expected numbers: everything comes from Python at test time.
 */
final class PythonDump {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input for scanpy_dump.py: mode "mtx", "h5" or "h5ad", keyword options for the reader. */
    record Job(String mode, Path src, Path out, Map<String, Object> options) {
    }

    private final Path dir;
    private final JsonNode meta;

    private PythonDump(Path dir) {
        this.dir = dir;
        try {
            this.meta = JSON.readTree(dir.resolve("meta.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs all jobs in one Python process (scanpy's import dominates the cost). */
    static void run(List<Job> jobs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Job j : jobs) {
            list.add(Map.of("mode", j.mode(), "src", j.src().toString(), "out", j.out().toString(),
                    "options", j.options()));
        }
        try (InputStream in = PythonDump.class.getResourceAsStream("scanpy_dump.py")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            PythonEnv.project().runScript(script, JSON.writeValueAsString(list)).orThrow("scanpy_dump.py");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PythonDump load(Path dir) {
        return new PythonDump(dir);
    }

    List<String> obsNames() {
        return strings(meta.get("obs_names"));
    }

    List<String> varNames() {
        return strings(meta.get("var_names"));
    }

    JsonNode obs(String column) {
        return meta.get("obs").get(column);
    }

    JsonNode var(String column) {
        return meta.get("var").get(column);
    }

    List<String> obsColumns() {
        List<String> out = new ArrayList<>();
        meta.get("obs").fieldNames().forEachRemaining(out::add);
        return out;
    }

    List<String> varColumns() {
        List<String> out = new ArrayList<>();
        meta.get("var").fieldNames().forEachRemaining(out::add);
        return out;
    }

    List<String> obsmKeys() {
        return strings(meta.get("obsm"));
    }

    List<String> layerKeys() {
        return strings(meta.get("layers"));
    }

    /** Python's X (or "obsm_KEY" / "layer_KEY"), as CSR or dense. */
    Matrix matrix(String prefix) {
        JsonNode m = meta.get(prefix);
        assertNotNull(m, "python dumped no " + prefix);
        int rows = m.get("shape").get(0).asInt();
        int cols = m.get("shape").get(1).asInt();
        if (m.get("sparse").asBoolean()) {
            ByteBuffer p = bytes(prefix + ".indptr");
            long[] indptr = new long[p.remaining() / 8];
            p.asLongBuffer().get(indptr);
            ByteBuffer i = bytes(prefix + ".indices");
            int[] indices = new int[i.remaining() / 4];
            i.asIntBuffer().get(indices);
            ByteBuffer d = bytes(prefix + ".data");
            float[] data = new float[d.remaining() / 4];
            d.asFloatBuffer().get(data);
            return CsrMatrix.of(rows, cols, indptr, indices, data);
        }
        ByteBuffer d = bytes(prefix + ".dense");
        float[] data = new float[d.remaining() / 4];
        d.asFloatBuffer().get(data);
        return new DenseMatrix(rows, cols, data);
    }

    private ByteBuffer bytes(String name) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------- assertions

    /** Shape, names and X identical; every var column Python has exists in Java with equal values. */
    void assertSameAs(AnnData a) {
        assertEquals(meta.get("shape").get(0).asInt(), a.nObs(), "n_obs");
        assertEquals(meta.get("shape").get(1).asInt(), a.nVars(), "n_vars");
        assertEquals(obsNames(), a.obsNames(), "obs_names");
        assertEquals(varNames(), a.varNames(), "var_names");
        assertMatrixEquals(matrix("X"), a.x(), "X");
        assertEquals(varColumns(), a.var().columnNames(), "var columns");
        for (String c : varColumns()) {
            assertColumnEquals(var(c), a.var().column(c), "var['" + c + "']");
        }
        assertEquals(obsColumns(), a.obs().columnNames(), "obs columns");
        for (String c : obsColumns()) {
            assertColumnEquals(obs(c), a.obs().column(c), "obs['" + c + "']");
        }
        assertMatricesEqual(a);
    }

    /** obsm and layers: same keys, same values. */
    void assertMatricesEqual(AnnData a) {
        assertEquals(obsmKeys(), a.obsm().keySet().stream().sorted().toList(), "obsm keys");
        for (String k : obsmKeys()) {
            assertMatrixEquals(matrix("obsm_" + k), a.obsm().get(k), "obsm['" + k + "']");
        }
        assertEquals(layerKeys(), a.layers().keySet().stream().sorted().toList(), "layer keys");
        for (String k : layerKeys()) {
            assertMatrixEquals(matrix("layer_" + k), a.layers().get(k), "layers['" + k + "']");
        }
    }

    static void assertMatrixEquals(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.nRows(), actual.nRows(), what + " rows");
        assertEquals(expected.nCols(), actual.nCols(), what + " columns");
        if (expected instanceof CsrMatrix e) {
            assertTrue(actual instanceof CsrMatrix, what + " should be sparse");
            CsrMatrix c = (CsrMatrix) actual;
            assertArrayEquals(e.indptr(), c.indptr(), what + " indptr");
            assertArrayEquals(e.indicesCopy(), c.indicesCopy(), what + " indices");
            assertArrayEquals(e.dataCopy(), c.dataCopy(), what + " data");
        } else {
            assertTrue(actual instanceof DenseMatrix, what + " should be dense");
            assertArrayEquals(((DenseMatrix) expected).data(), ((DenseMatrix) actual).data(), what + " values");
        }
    }

    /** Python values (JSON: strings, numbers, booleans, null for missing) against a Tablesaw column. */
    static void assertColumnEquals(JsonNode expected, Column<?> actual, String what) {
        JsonNode values = expected.get("values");
        assertEquals(values.size(), actual.size(), what + " length");
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            String at = what + " row " + i;
            if (v.isNull()) {
                assertTrue(actual.isMissing(i), at + " should be missing");
            } else if (v.isIntegralNumber() && actual instanceof StringColumn) {
                // Documented deviation: identifier columns stay strings where pandas infers int64.
                assertEquals(v.asText(), actual.get(i), at);
            } else if (v.isTextual()) {
                assertTrue(actual instanceof StringColumn, what + " should be a string column");
                assertEquals(v.asText(), actual.get(i), at);
            } else if (v.isBoolean()) {
                assertTrue(actual instanceof BooleanColumn, what + " should be a boolean column");
                assertEquals(v.asBoolean(), actual.get(i), at);
            } else {
                assertEquals(v.asDouble(), ((Number) actual.get(i)).doubleValue(), 0.0, at);
            }
        }
    }
}
