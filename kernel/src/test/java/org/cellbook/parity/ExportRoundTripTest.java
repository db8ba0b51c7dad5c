package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Both exporters into the one value model: Java's {@link Export} and the Python export.py (run in
 * the venv on pandas/numpy/scipy values), read back by {@link ExportFiles}; and numpy.allclose's
 * verdicts against {@link Allclose} on the same pairs.
 */
class ExportRoundTripTest {

    @Test
    void javaValuesRoundTrip(@TempDir Path dir) {
        ParityValue.Numeric arr = (ParityValue.Numeric) ExportFiles.read(Export.write(dir, "a", new int[] {3, 1, 2}));
        assertArrayEquals(new double[] {3, 1, 2}, arr.values());
        DenseMatrix m = DenseMatrix.ofRows(new double[][] {{1, 0, 2}, {0, 3, 0}});
        ParityValue.Numeric dense = (ParityValue.Numeric) ExportFiles.read(Export.write(dir, "m", CsrMatrix.fromDense(m)));
        assertArrayEquals(new int[] {2, 3}, dense.shape());
        assertArrayEquals(new double[] {1, 0, 2, 0, 3, 0}, dense.values());
        ParityValue.Strings set = (ParityValue.Strings) ExportFiles.read(Export.write(dir, "s", Set.of("b", "a")));
        assertTrue(set.unordered());
        assertEquals(List.of("a", "b"), set.values());
        ParityValue.Strings list = (ParityValue.Strings) ExportFiles.read(Export.write(dir, "l", List.of("x", "y,z")));
        assertEquals(List.of("x", "y,z"), list.values());
        assertEquals(ParityValue.Numeric.scalar(0.25).values()[0],
                ((ParityValue.Numeric) ExportFiles.read(Export.write(dir, "d", 0.25))).values()[0]);
        assertEquals("hi", ((ParityValue.Text) ExportFiles.read(Export.write(dir, "t", "hi"))).value());
        Table t = Table.create("t", StringColumn.create("patient", "P1", "P\"2"), DoubleColumn.create("auc", 0.5, Double.NaN));
        ParityValue.Table table = (ParityValue.Table) ExportFiles.read(Export.write(dir, "tab", t));
        assertEquals(List.of("patient", "auc"), table.names());
        assertArrayEquals(new String[] {"P1", "P\"2"}, table.column("patient").strings());
        assertTrue(Double.isNaN(table.column("auc").numbers()[1]));
        ParityValue.Strings col = (ParityValue.Strings) ExportFiles.read(Export.write(dir, "col", t.stringColumn("patient")));
        assertEquals(List.of("P1", "P\"2"), col.values());
        Map<String, Double> auc = new LinkedHashMap<>();
        auc.put("lr", 0.7);
        ParityValue.Table map = (ParityValue.Table) ExportFiles.read(Export.write(dir, "map", auc));
        assertEquals(List.of("key", "value"), map.names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Export.write(dir, "bad", new Object()));
        assertTrue(e.getMessage().contains("parity item 'bad': cannot export a java.lang.Object"), e.getMessage());
        assertNull(ExportFiles.find(dir, "bad"));
    }

    private static final String PYTHON_EXPORTS = """
            import sys
            import numpy as np, pandas as pd, scipy.sparse as sp
            exec(open(sys.argv[1]).read())
            out = sys.argv[2]
            e = lambda i, v: __cellbook_parity_export(i, v, out)
            df = pd.DataFrame({"auc": np.arange(3) / 4.0, "model": ["lr", "rf", "x,y"]},
                              index=pd.Index(["P1", "P2", "P3"], name="patient"))
            e("frame", df)
            e("frame_range", pd.DataFrame({"n": [1, 2]}))
            e("categorical", pd.Series(pd.Categorical(["1", "0", "1"])))
            e("numeric_series", pd.Series([1.5, 2.5]))
            e("sparse", sp.csr_matrix(np.array([[0.0, 1.0], [2.0, 0.0]])))
            e("set", {3, 1, 2})
            e("dict", {"lr": 0.5, "rf": 1})
            e("bools", np.array([True, False, True]))
            e("f32", np.float32(0.5))
            e("zero_d", np.array(7))
            e("text", "hello")
            e("index", pd.Index(["g1", "g2"]))
            e("tuple", (4, 5))
            e("f16", np.array([1.5, 2.0], dtype=np.float16))
            """;

    @Test
    void pythonValuesRoundTrip(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("export.py");
        Files.writeString(script, OriginalRunner.resource("export.py"));
        Path out = dir.resolve("out");
        PythonEnv.project().runScript(PYTHON_EXPORTS, script.toString(), out.toString()).orThrow("export.py");

        ParityValue.Table frame = (ParityValue.Table) read(out, "frame");
        assertEquals(List.of("patient", "auc", "model"), frame.names(), "a named index becomes the first column");
        assertArrayEquals(new double[] {0, 0.25, 0.5}, frame.column("auc").numbers());
        assertArrayEquals(new String[] {"lr", "rf", "x,y"}, frame.column("model").strings());
        assertEquals(List.of("n"), ((ParityValue.Table) read(out, "frame_range")).names(), "a range index is dropped");
        assertEquals(List.of("1", "0", "1"), ((ParityValue.Strings) read(out, "categorical")).values());
        assertArrayEquals(new double[] {1.5, 2.5}, ((ParityValue.Numeric) read(out, "numeric_series")).values());
        ParityValue.Numeric sparse = (ParityValue.Numeric) read(out, "sparse");
        assertArrayEquals(new int[] {2, 2}, sparse.shape());
        assertArrayEquals(new double[] {0, 1, 2, 0}, sparse.values());
        ParityValue.Strings set = (ParityValue.Strings) read(out, "set");
        assertTrue(set.unordered());
        assertEquals(List.of("1", "2", "3"), set.values());
        ParityValue.Table dict = (ParityValue.Table) read(out, "dict");
        assertArrayEquals(new String[] {"lr", "rf"}, dict.column("key").strings());
        assertArrayEquals(new double[] {0.5, 1.0}, dict.column("value").numbers());
        assertArrayEquals(new double[] {1, 0, 1}, ((ParityValue.Numeric) read(out, "bools")).values());
        assertEquals(0, ((ParityValue.Numeric) read(out, "f32")).shape().length);
        assertEquals(7.0, ((ParityValue.Numeric) read(out, "zero_d")).values()[0]);
        assertEquals("hello", ((ParityValue.Text) read(out, "text")).value());
        assertEquals(List.of("g1", "g2"), ((ParityValue.Strings) read(out, "index")).values());
        assertArrayEquals(new double[] {4, 5}, ((ParityValue.Numeric) read(out, "tuple")).values());
        assertArrayEquals(new double[] {1.5, 2.0}, ((ParityValue.Numeric) read(out, "f16")).values());
        // The same values from Java compare identical to Python's.
        assertTrue(new Identical().compare(read(out, "set"), ExportFiles.read(Export.write(dir, "jset", Set.of(1, 2, 3)))).pass());
    }

    private static ParityValue read(Path dir, String id) {
        Path f = ExportFiles.find(dir, id);
        assertInstanceOf(Path.class, f, id + " was not exported");
        return ExportFiles.read(f);
    }

    private static final String NUMPY_ALLCLOSE = """
            import json, sys
            import numpy as np
            cases = json.load(open(sys.argv[1]))
            json.dump([bool(np.allclose(c["port"], c["original"], rtol=c["rtol"], atol=c["atol"])) for c in cases],
                      open(sys.argv[2], "w"))
            """;

    @Test
    void allcloseAgreesWithNumpy(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        List<Map<String, Object>> cases = new java.util.ArrayList<>();
        for (int k = 0; k < 200; k++) {
            double rtol = Math.pow(10, -r.nextInt(2, 8));
            double atol = r.nextBoolean() ? 0 : Math.pow(10, -r.nextInt(4, 10));
            double[] a = new double[5];
            double[] b = new double[5];
            for (int i = 0; i < 5; i++) {
                a[i] = r.nextDouble(-100, 100);
                // Deviations around the tolerance, so verdicts go both ways.
                double tol = atol + rtol * Math.abs(a[i]);
                b[i] = a[i] + (r.nextBoolean() ? 1 : -1) * tol * r.nextDouble(0.5, 1.5) / (i == 0 ? 1 : 3);
            }
            cases.add(Map.of("original", a, "port", b, "rtol", rtol, "atol", atol));
        }
        ObjectMapper json = new ObjectMapper();
        Path in = dir.resolve("cases.json");
        Path out = dir.resolve("verdicts.json");
        json.writeValue(in.toFile(), cases);
        PythonEnv.project().runScript(NUMPY_ALLCLOSE, in.toString(), out.toString()).orThrow("numpy.allclose");
        boolean[] numpy = json.readValue(Files.readAllBytes(out), boolean[].class);
        int passed = 0;
        for (int k = 0; k < cases.size(); k++) {
            Map<String, Object> c = cases.get(k);
            boolean mine = new Allclose((double) c.get("rtol"), (double) c.get("atol"), false).compare(
                    new ParityValue.Numeric(new int[] {5}, (double[]) c.get("original")),
                    new ParityValue.Numeric(new int[] {5}, (double[]) c.get("port"))).pass();
            assertEquals(numpy[k], mine, "case " + k);
            passed += mine ? 1 : 0;
        }
        assertTrue(passed > 20 && passed < 180, "cases on both sides of the tolerance: " + passed);
    }
}
