package org.cellbook.core.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.data.Matrix;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes an {@link AnnData} as an {@code .h5ad} file that Python's anndata reads (checked against
 * anndata 0.12), through jHDF 0.13.
 *
 * <p>Written: X ({@code csr_matrix} for sparse, a 2-D {@code array} for dense; float32), obs and
 * var as {@code dataframe}s with {@code _index}, obsm/varm (float32 2-D arrays) and layers when
 * they have entries. Empty groups are left out: anndata reads an absent obsm, varm, layers, obsp,
 * varp or uns as empty, and jHDF 0.13 corrupts an empty group written last (see
 * {@code checkNoEmptyGroup}). The file is written to a temporary name and moved into place, so a
 * failed write leaves no partial file.
 *
 * <p>Column encodings follow what {@code adata.write_h5ad} produces: a string column becomes a
 * {@code categorical} when it has fewer distinct values than rows (anndata's
 * {@code strings_to_categoricals} rule, with natsort-ordered categories and missing values as
 * code -1), otherwise a {@code string-array}. Numbers keep their width (float64, float32, int64,
 * int32, int16).
 *
 * <p>Limits of jHDF 0.13 and how they are handled:
 * <ul>
 *   <li>Strings are fixed-length UTF-8 (jHDF cannot write variable-length strings); anndata reads
 *       them like its own variable-length strings. Attributes too: anndata decodes fixed-length
 *       string attributes, and a dataframe without columns gets {@code column-order = ""} (jHDF
 *       cannot write an empty array attribute; anndata reads {@code list("")}, i.e. no columns).</li>
 *   <li>Booleans: jHDF writes an HDF5 bitfield (it cannot write h5py's bool enum), which h5py
 *       reads as uint8, so Python sees a 0/1 uint8 column; {@link H5adReader} maps it back to
 *       booleans.</li>
 *   <li>Missing values in integer or boolean columns: written as float64 with NaN, as pandas holds
 *       such columns (jHDF cannot write the bool masks of anndata's nullable encodings).</li>
 *   <li>Empty datasets cannot be written: a matrix without stored values, zero cells or genes, or a
 *       matrix with more than 2^31 values fails with a clear message. An all-missing string column
 *       is written as float64 NaN.</li>
 *   <li>{@code uns} content is not written.</li>
 * </ul>
 */
public final class H5adWriter {
    private H5adWriter() {
    }

    public static void write(AnnData adata, Path file) {
        AtomicWrite.write(file, tmp -> {
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                new H5adWriter.Writing().anndata(h5, adata);
            }
        });
    }

    /** One write; checks happen before any dataset is added where possible. */
    private static final class Writing {
        void anndata(WritableHdfFile h5, AnnData a) {
            if (a.nObs() == 0 || a.nVars() == 0) {
                throw new IllegalArgumentException("cannot write an AnnData with " + a.nObs() + " cells and "
                        + a.nVars() + " genes: jHDF 0.13 cannot write empty datasets");
            }
            encoding(h5, "anndata", "0.1.0");
            matrix(h5, "X", a.x());
            dataframe(h5, "obs", a.obsNames(), a.obs());
            dataframe(h5, "var", a.varNames(), a.var());
            denseDict(h5, "obsm", a.obsm());
            denseDict(h5, "varm", a.varm());
            if (!a.layers().isEmpty()) {
                WritableGroup layers = dict(h5, "layers");
                a.layers().forEach((k, m) -> matrix(layers, checkKey(k), m));
            }
            checkNoEmptyGroup(h5);
        }

        /**
         * jHDF 0.13 writes its trailing info block where the last dataset's data ended, which
         * overwrites any group header laid out after it: an empty group visited last is corrupted.
         * So empty groups are never written (anndata treats absent obsm/varm/layers/obsp/varp/uns
         * as empty); this check keeps it that way.
         */
        private static void checkNoEmptyGroup(Group g) {
            if (g.getChildren().isEmpty()) {
                throw new IllegalStateException("internal: empty HDF5 group " + g.getPath()
                        + " would be corrupted by jHDF 0.13");
            }
            for (Node child : g.getChildren().values()) {
                if (child instanceof Group sub) {
                    checkNoEmptyGroup(sub);
                }
            }
        }

        private void matrix(WritableGroup parent, String name, Matrix m) {
            switch (m) {
                case CsrMatrix c -> csr(parent, name, c);
                case DenseMatrix d -> array(parent, name, d);
            }
        }

        private void csr(WritableGroup parent, String name, CsrMatrix c) {
            if (c.nnz() == 0) {
                throw new IllegalArgumentException(name + " has no stored values: jHDF 0.13 cannot write the "
                        + "empty data/indices datasets of such a csr_matrix");
            }
            if (c.chunkCount() > 1) {
                throw new IllegalArgumentException(name + " holds " + c.nnz() + " values, more than one HDF5 "
                        + "dataset written by jHDF can take (2^31)");
            }
            // A single chunk's arrays hold exactly the matrix's values (see CsrMatrix): no copy needed.
            float[] data = c.rowData(0);
            int[] indices = c.rowIndices(0);
            WritableGroup g = parent.putGroup(name);
            encoding(g, "csr_matrix", "0.1.0");
            g.putAttribute("shape", new long[] {c.nRows(), c.nCols()});
            g.putDataset("data", data);
            g.putDataset("indices", indices);
            g.putDataset("indptr", c.indptr());
        }

        private void array(WritableGroup parent, String name, DenseMatrix d) {
            if (d.nRows() == 0 || d.nCols() == 0) {
                throw new IllegalArgumentException(name + " is " + d.shapeString()
                        + ": jHDF 0.13 cannot write empty datasets");
            }
            float[][] rows = new float[d.nRows()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = d.row(i);
            }
            encoding(parent.putDataset(name, rows), "array", "0.2.0");
        }

        private void denseDict(WritableGroup parent, String name, Map<String, DenseMatrix> entries) {
            if (entries.isEmpty()) {
                return;
            }
            WritableGroup g = dict(parent, name);
            entries.forEach((k, m) -> array(g, checkKey(k), m));
        }

        private WritableGroup dict(WritableGroup parent, String name) {
            WritableGroup g = parent.putGroup(name);
            encoding(g, "dict", "0.1.0");
            return g;
        }

        // ------------------------------------------------------------ dataframes

        private void dataframe(WritableGroup parent, String name, List<String> index, Table table) {
            List<String> order = new ArrayList<>();
            for (Column<?> c : table.columns()) {
                if (c.name().equals("_index")) {
                    throw new IllegalArgumentException("'_index' is a reserved name for " + name + " columns (as in anndata)");
                }
                order.add(checkKey(c.name()));
            }
            WritableGroup g = parent.putGroup(name);
            encoding(g, "dataframe", "0.2.0");
            g.putAttribute("_index", "_index");
            // jHDF cannot write an empty array attribute; anndata reads a scalar "" as list("") == [].
            g.putAttribute("column-order", order.isEmpty() ? (Object) "" : order.toArray(new String[0]));
            encoding(g.putDataset("_index", index.toArray(new String[0])), "string-array", "0.2.0");
            for (Column<?> c : table.columns()) {
                column(g, c);
            }
        }

        private void column(WritableGroup g, Column<?> c) {
            String name = c.name();
            switch (c) {
                case StringColumn s -> strings(g, s);
                case DoubleColumn d -> array(g, name, d.asDoubleArray());
                case FloatColumn f -> array(g, name, f.asFloatArray());
                case LongColumn l -> array(g, name, l.countMissing() > 0 ? withNaN(l) : l.asLongArray());
                case IntColumn i -> array(g, name, i.countMissing() > 0 ? withNaN(i) : i.asIntArray());
                case ShortColumn s -> array(g, name, s.countMissing() > 0 ? withNaN(s) : s.asShortArray());
                case BooleanColumn b -> array(g, name, b.countMissing() > 0 ? withNaN(b) : booleans(b));
                default -> strings(g, StringColumn.create(name, c.asStringColumn().asList()));
            }
        }

        private void array(WritableGroup g, String name, Object values) {
            encoding(g.putDataset(name, values), "array", "0.2.0");
        }

        /** anndata's rule: categorical when there are fewer distinct values than rows. */
        private void strings(WritableGroup g, StringColumn s) {
            int n = s.size();
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            int missing = 0;
            for (int i = 0; i < n; i++) {
                if (s.isMissing(i)) {
                    missing++;
                } else {
                    distinct.add(s.get(i));
                }
            }
            if (missing == n) {
                double[] nan = new double[n];
                Arrays.fill(nan, Double.NaN);
                array(g, s.name(), nan);
                return;
            }
            if (distinct.size() >= n) {
                encoding(g.putDataset(s.name(), s.asList().toArray(new String[0])), "string-array", "0.2.0");
                return;
            }
            List<String> categories = new ArrayList<>(distinct);
            categories.sort(NaturalOrder.CODE_POINT);
            categories.sort(NaturalOrder.NATURAL);
            Map<String, Integer> code = new HashMap<>();
            for (int i = 0; i < categories.size(); i++) {
                code.put(categories.get(i), i);
            }
            WritableGroup cat = g.putGroup(s.name());
            encoding(cat, "categorical", "0.2.0");
            cat.putAttribute("ordered", false);
            encoding(cat.putDataset("codes", codes(s, code, categories.size())), "array", "0.2.0");
            encoding(cat.putDataset("categories", categories.toArray(new String[0])), "string-array", "0.2.0");
        }

        /** Codes in pandas' width: int8 below 128 categories, then int16, then int32. */
        private static Object codes(StringColumn s, Map<String, Integer> code, int nCategories) {
            int n = s.size();
            int[] c = new int[n];
            for (int i = 0; i < n; i++) {
                c[i] = s.isMissing(i) ? -1 : code.get(s.get(i));
            }
            if (nCategories < Byte.MAX_VALUE) {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) c[i];
                }
                return b;
            }
            if (nCategories < Short.MAX_VALUE) {
                short[] b = new short[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (short) c[i];
                }
                return b;
            }
            return c;
        }

        private static boolean[] booleans(BooleanColumn b) {
            boolean[] out = new boolean[b.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.get(i);
            }
            return out;
        }

        private static double[] withNaN(Column<?> c) {
            double[] out = new double[c.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = c.get(i);
                out[i] = c.isMissing(i) ? Double.NaN
                        : v instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) v).doubleValue();
            }
            return out;
        }

        private static String checkKey(String key) {
            if (key.isEmpty() || key.contains("/")) {
                throw new IllegalArgumentException("'" + key + "' cannot be an HDF5 member name (empty or contains '/')");
            }
            return key;
        }

        private static void encoding(WritableNode node, String type, String version) {
            node.putAttribute("encoding-type", type);
            node.putAttribute("encoding-version", version);
        }
    }
}
