package org.cellbook.core.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.EnumDataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
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
 * Reads an AnnData {@code .h5ad} file (anndata's on-disk encoding, as written by anndata 0.8+).
 *
 * <p>Read: X (dense {@code array}, {@code csr_matrix}, or {@code csc_matrix} converted to CSR
 * without densifying; values become float32); obs/var dataframes with their {@code _index};
 * columns encoded as {@code array} (numeric or bool), {@code string-array}, {@code categorical},
 * {@code nullable-integer}, {@code nullable-boolean} and {@code nullable-string-array}; dense
 * obsm/varm entries; layers (dense or sparse, unless {@link Options#layers()} is off).
 *
 * <p>Column types: float64 to DoubleColumn, float32 to FloatColumn, int64 to LongColumn,
 * int32 to IntColumn, int8/int16/uint8 to ShortColumn, bool to BooleanColumn, strings and
 * categoricals to StringColumn. A categorical's missing values (code -1) become missing strings;
 * its category order and unused categories are not kept (Tablesaw has no categorical type), and
 * numeric categories become their decimal strings.
 *
 * <p>Not read (documented limitation): {@code uns}, {@code obsp}, {@code varp}, {@code raw}, and
 * obsm/varm/layers entries that are not dense or sparse matrices (dataframes, awkward arrays).
 * Files from anndata before 0.8 (dataframe encoding 0.1.0) are rejected with advice to re-save.
 */
public final class H5adReader {
    private H5adReader() {
    }

    /** What to read besides X, obs, var, obsm and varm. */
    public record Options(boolean layers) {
        public static Options defaults() {
            return new Options(true);
        }
    }

    private static final String RESAVE = "re-save it with a recent anndata (adata.write_h5ad)";

    public static AnnData read(Path file) {
        return read(file, Options.defaults());
    }

    public static AnnData read(Path file, Options options) {
        try (HdfFile h5 = Hdf5Data.open(file, "give an AnnData .h5ad file")) {
            return Hdf5Data.reading(file, RESAVE, () -> new Reading(file).read(h5, options));
        }
    }

    /** One read of one file (holds the path for messages). */
    private record Reading(Path file) {
        AnnData read(HdfFile h5, Options options) {
            Node xNode = Hdf5Data.child(h5, "X");
            if (xNode == null) {
                throw BadInputException.file(file, "has no X matrix (members: " + h5.getChildren().keySet() + ")",
                        "this reader needs X; store the counts in X (adata.X = adata.layers[...]) and "
                                + RESAVE);
            }
            Matrix x = matrix(xNode);
            Frame obs = frame(Hdf5Data.group(file, h5, "obs", "this is not an AnnData file; " + RESAVE), x.nRows());
            Frame var = frame(Hdf5Data.group(file, h5, "var", "this is not an AnnData file; " + RESAVE), x.nCols());
            checkUnique(obs.names(), "obs_names", "adata.obs_names_make_unique()");
            checkUnique(var.names(), "var_names", "adata.var_names_make_unique()");
            AnnData.Builder b = AnnData.builder(x, obs.names(), var.names()).obs(obs.table()).var(var.table());
            denseEntries(h5, "obsm").forEach(b::obsm);
            denseEntries(h5, "varm").forEach(b::varm);
            if (options.layers() && Hdf5Data.child(h5, "layers") instanceof Group layers) {
                for (var e : layers.getChildren().entrySet()) {
                    if (isMatrix(e.getValue())) {
                        b.layer(e.getKey(), matrix(e.getValue()));
                    }
                }
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw BadInputException.file(file, "inconsistent AnnData (" + e.getMessage() + ")", RESAVE);
            }
        }

        // ------------------------------------------------------------ matrices

        private boolean isMatrix(Node n) {
            if (n instanceof Dataset d) {
                return d.getDimensions().length == 2 && d.getJavaType() != String.class;
            }
            String type = encoding(n);
            return "csr_matrix".equals(type) || "csc_matrix".equals(type);
        }

        private Matrix matrix(Node n) {
            if (n instanceof Dataset d) {
                return dense(d);
            }
            Group g = (Group) n;
            String type = encoding(g);
            if (!"csr_matrix".equals(type) && !"csc_matrix".equals(type)) {
                throw BadInputException.file(file, "'" + Hdf5Data.path(g) + "' has encoding '" + type
                        + "', expected a dense array, csr_matrix or csc_matrix", RESAVE);
            }
            long[] shape = shape(g);
            if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
                throw BadInputException.file(file, "'" + Hdf5Data.path(g) + "' is too large " + shape[0] + " x " + shape[1],
                        "matrices are limited to 2^31 rows and columns");
            }
            int nRows = (int) shape[0];
            int nCols = (int) shape[1];
            float[] data = Hdf5Data.floats(file, Hdf5Data.dataset(file, g, "data", RESAVE));
            int[] indices = Hdf5Data.ints(file, Hdf5Data.dataset(file, g, "indices", RESAVE));
            long[] indptr = Hdf5Data.longs(file, Hdf5Data.dataset(file, g, "indptr", RESAVE));
            try {
                return type.equals("csr_matrix")
                        ? CsrMatrix.of(nRows, nCols, indptr, indices, data)
                        : CscToCsr.convert(nRows, nCols, indptr, indices, data);
            } catch (IllegalArgumentException e) {
                throw BadInputException.file(file, "the sparse matrix '" + Hdf5Data.path(g) + "' is inconsistent ("
                        + e.getMessage() + ")", "the file is corrupt; " + RESAVE);
            }
        }

        private long[] shape(Group g) {
            Attribute a = g.getAttributes().get("shape");
            Object v = a == null ? null : a.getData();
            long[] shape = null;
            if (v instanceof long[] l) {
                shape = l;
            } else if (v instanceof int[] i) {
                shape = new long[i.length];
                for (int k = 0; k < i.length; k++) {
                    shape[k] = i[k];
                }
            }
            if (shape == null || shape.length != 2 || shape[0] < 0 || shape[1] < 0) {
                throw BadInputException.file(file, "sparse matrix '" + Hdf5Data.path(g) + "' has no valid 'shape' attribute",
                        "the file is corrupt; " + RESAVE);
            }
            return shape;
        }

        private DenseMatrix dense(Dataset d) {
            int[] dims = d.getDimensions();
            if (dims.length != 2) {
                throw BadInputException.file(file, "'" + Hdf5Data.path(d) + "' has " + dims.length
                        + " dimensions, expected a 2-D matrix", RESAVE);
            }
            if ((long) dims[0] * dims[1] > Integer.MAX_VALUE - 8) {
                throw BadInputException.file(file, "dense '" + Hdf5Data.path(d) + "' (" + dims[0] + " x " + dims[1]
                        + ") is too large for one array", "store it sparse (scipy.sparse.csr_matrix) and " + RESAVE);
            }
            return new DenseMatrix(dims[0], dims[1], Hdf5Data.floats(file, d));
        }

        private Map<String, DenseMatrix> denseEntries(Group root, String name) {
            Map<String, DenseMatrix> out = new java.util.LinkedHashMap<>();
            if (Hdf5Data.child(root, name) instanceof Group g) {
                for (var e : g.getChildren().entrySet()) {
                    if (e.getValue() instanceof Dataset d && d.getDimensions().length == 2
                            && d.getJavaType() != String.class) {
                        out.put(e.getKey(), dense(d));
                    }
                }
            }
            return out;
        }

        // ------------------------------------------------------------ dataframes

        private record Frame(List<String> names, Table table) {
        }

        private Frame frame(Group g, int expectedRows) {
            String type = encoding(g);
            String version = Hdf5Data.stringAttribute(g, "encoding-version");
            if (!"dataframe".equals(type) || !"0.2.0".equals(version)) {
                throw BadInputException.file(file, "'" + Hdf5Data.path(g) + "' is encoded as '" + type + "' version '"
                        + version + "', expected a dataframe version 0.2.0 (anndata 0.8 or newer)", RESAVE);
            }
            String indexKey = Hdf5Data.stringAttribute(g, "_index");
            if (indexKey == null) {
                throw BadInputException.file(file, "dataframe '" + Hdf5Data.path(g) + "' has no '_index' attribute",
                        "the file is corrupt; " + RESAVE);
            }
            List<String> names = List.of(anyStrings(Hdf5Data.dataset(file, g, indexKey, RESAVE)));
            if (names.size() != expectedRows) {
                throw BadInputException.file(file, "'" + Hdf5Data.path(g) + "' has " + names.size()
                        + " rows but X has " + expectedRows, "the file is corrupt; " + RESAVE);
            }
            List<Column<?>> columns = new ArrayList<>();
            for (String col : columnOrder(g)) {
                Node n = Hdf5Data.child(g, col);
                if (n == null) {
                    throw BadInputException.file(file, "dataframe '" + Hdf5Data.path(g) + "' lists column '" + col
                            + "' but has no such member", "the file is corrupt; " + RESAVE);
                }
                Column<?> c = column(col, n);
                if (c.size() != names.size()) {
                    throw BadInputException.file(file, "column '" + Hdf5Data.path(n) + "' has " + c.size()
                            + " values, expected " + names.size(), "the file is corrupt; " + RESAVE);
                }
                columns.add(c);
            }
            String tableName = g.getName();
            return new Frame(names, columns.isEmpty() ? Table.create(tableName) : Table.create(tableName, columns));
        }

        private List<String> columnOrder(Group g) {
            Attribute a = g.getAttributes().get("column-order");
            Object v = a == null ? null : a.getData();
            if (v == null) {
                // anndata writes an empty float64 array for no columns; jHDF reads that as null.
                if (a == null) {
                    throw BadInputException.file(file, "dataframe '" + Hdf5Data.path(g) + "' has no 'column-order' attribute",
                            "the file is corrupt; " + RESAVE);
                }
                return List.of();
            }
            if (v instanceof String[] s) {
                return List.of(s);
            }
            if (v instanceof String s) {
                // A scalar string (what H5adWriter writes for no columns) reads in Python as list("") == [].
                return s.isEmpty() ? List.of() : List.of(s);
            }
            if (v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0) {
                return List.of();
            }
            throw BadInputException.file(file, "dataframe '" + Hdf5Data.path(g) + "' has an unreadable 'column-order' "
                    + "attribute", "the file is corrupt; " + RESAVE);
        }

        private Column<?> column(String name, Node n) {
            String type = encoding(n);
            if (n instanceof Dataset d) {
                if (d.getDimensions().length != 1) {
                    throw unsupportedColumn(name, n, "a " + d.getDimensions().length + "-D array");
                }
                if ("string-array".equals(type)) {
                    return StringColumn.create(name, anyStrings(d));
                }
                return arrayColumn(name, d);
            }
            Group g = (Group) n;
            if (type == null) {
                throw unsupportedColumn(name, n, "a group without an encoding-type");
            }
            return switch (type) {
                case "categorical" -> categorical(name, g);
                case "nullable-integer" -> nullableInteger(name, g);
                case "nullable-boolean" -> nullableBoolean(name, g);
                case "nullable-string-array" -> nullableString(name, g);
                default -> throw unsupportedColumn(name, n, "encoding '" + type + "'");
            };
        }

        private Column<?> arrayColumn(String name, Dataset d) {
            if (d.getDataType() instanceof EnumDataType) {
                return BooleanColumn.create(name, TenxH5Reader.booleans(file, d));
            }
            Object data = Hdf5Data.data(file, d);
            return switch (data) {
                case double[] a -> DoubleColumn.create(name, a);
                case float[] a -> FloatColumn.create(name, a);
                case long[] a -> LongColumn.create(name, a);
                case int[] a -> IntColumn.create(name, a);
                case short[] a -> ShortColumn.create(name, a);
                case byte[] a -> {
                    short[] s = new short[a.length];
                    for (int i = 0; i < a.length; i++) {
                        s[i] = a[i];
                    }
                    yield ShortColumn.create(name, s);
                }
                case boolean[] a -> BooleanColumn.create(name, a);
                case String[] a -> StringColumn.create(name, a);
                default -> throw unsupportedColumn(name, d, data.getClass().getSimpleName() + " values");
            };
        }

        private Column<?> categorical(String name, Group g) {
            int[] codes = Hdf5Data.ints(file, Hdf5Data.dataset(file, g, "codes", RESAVE));
            String[] categories = anyStrings(Hdf5Data.dataset(file, g, "categories", RESAVE));
            String[] values = new String[codes.length];
            for (int i = 0; i < codes.length; i++) {
                int c = codes[i];
                if (c < -1 || c >= categories.length) {
                    throw BadInputException.file(file, "categorical '" + Hdf5Data.path(g) + "' has code " + c + " but only "
                            + categories.length + " categories", "the file is corrupt; " + RESAVE);
                }
                values[i] = c < 0 ? null : categories[c];
            }
            return stringColumnWithMissing(name, values);
        }

        private Column<?> nullableInteger(String name, Group g) {
            boolean[] mask = mask(g);
            Dataset values = Hdf5Data.dataset(file, g, "values", RESAVE);
            Object data = Hdf5Data.data(file, values);
            checkMask(g, mask, java.lang.reflect.Array.getLength(data));
            if (data instanceof long[] l) {
                LongColumn c = LongColumn.create(name, l.clone());
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i]) {
                        c.setMissing(i);
                    }
                }
                return c;
            }
            IntColumn c = IntColumn.create(name, Hdf5Data.ints(file, values).clone());
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    c.setMissing(i);
                }
            }
            return c;
        }

        private Column<?> nullableBoolean(String name, Group g) {
            boolean[] mask = mask(g);
            boolean[] values = TenxH5Reader.booleans(file, Hdf5Data.dataset(file, g, "values", RESAVE));
            checkMask(g, mask, values.length);
            BooleanColumn c = BooleanColumn.create(name, values);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    c.setMissing(i);
                }
            }
            return c;
        }

        private Column<?> nullableString(String name, Group g) {
            boolean[] mask = mask(g);
            String[] values = anyStrings(Hdf5Data.dataset(file, g, "values", RESAVE)).clone();
            checkMask(g, mask, values.length);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i]) {
                    values[i] = null;
                }
            }
            return stringColumnWithMissing(name, values);
        }

        private boolean[] mask(Group g) {
            return TenxH5Reader.booleans(file, Hdf5Data.dataset(file, g, "mask", RESAVE));
        }

        private void checkMask(Group g, boolean[] mask, int values) {
            if (mask.length != values) {
                throw BadInputException.file(file, "nullable column '" + Hdf5Data.path(g) + "' has " + values
                        + " values but a mask of " + mask.length, "the file is corrupt; " + RESAVE);
            }
        }

        private static StringColumn stringColumnWithMissing(String name, String[] values) {
            StringColumn c = StringColumn.create(name, values.length);
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    c.setMissing(i);
                } else {
                    c.set(i, values[i]);
                }
            }
            return c;
        }

        /** Strings, or the decimal form of numeric/bool values (index or categories of another type). */
        private String[] anyStrings(Dataset d) {
            if (d.getDataType() instanceof EnumDataType) {
                boolean[] b = TenxH5Reader.booleans(file, d);
                String[] out = new String[b.length];
                for (int i = 0; i < b.length; i++) {
                    out[i] = b[i] ? "True" : "False";
                }
                return out;
            }
            Object data = Hdf5Data.data(file, d);
            if (data instanceof String[] s) {
                return s;
            }
            int n = java.lang.reflect.Array.getLength(data);
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = String.valueOf(java.lang.reflect.Array.get(data, i));
            }
            return out;
        }

        private BadInputException unsupportedColumn(String name, Node n, String what) {
            return BadInputException.file(file, "column '" + name + "' (" + Hdf5Data.path(n) + ") is " + what
                    + ", which this reader does not support", "keep obs/var columns to numbers, booleans, strings "
                    + "and categoricals (drop or convert this column in Python) and " + RESAVE);
        }

        private void checkUnique(List<String> names, String what, String fix) {
            List<String> dup = AnnData.duplicates(names);
            if (!dup.isEmpty()) {
                throw BadInputException.file(file, what + " repeat (for example "
                        + dup.subList(0, Math.min(5, dup.size())) + ")", "call " + fix + " in Python and " + RESAVE);
            }
        }

        private static String encoding(Node n) {
            String t = Hdf5Data.stringAttribute(n, "encoding-type");
            if (t == null && n instanceof Group g) {
                // anndata < 0.8 marked sparse groups this way.
                String legacy = Hdf5Data.stringAttribute(g, "h5sparse_format");
                if (legacy != null) {
                    return legacy + "_matrix";
                }
            }
            return t;
        }
    }
}
