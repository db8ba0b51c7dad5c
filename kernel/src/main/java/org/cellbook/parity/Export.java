package org.cellbook.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cellbook.core.data.Matrix;
import org.cellbook.core.io.AtomicWrite;
import org.cellbook.core.io.Npy;
import org.cellbook.core.pipeline.Tracked;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The Java side of a parity export: {@code cellbook parity} injects {@code Export.to(dir)} as the
 * port's first cell and {@code Export.value("item-id", expr)} after each mapped cell. Writes the
 * value in the formats of {@link ExportFiles}: arrays, matrices (sparse ones densified) and numeric
 * lists as .npy; Tablesaw tables as .csv; text columns, string lists, sets, maps, numbers and
 * strings as .json. A {@link Tracked} pipeline value is unwrapped.
 */
public final class Export {
    private static volatile Path dir;

    private Export() {
    }

    /** Sets the folder later {@link #value} calls write into (created when missing). */
    public static void to(String folder) {
        try {
            dir = Files.createDirectories(Path.of(folder));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes {@code value} as item {@code id} (void, so the export cell shows no output). */
    public static void value(String id, Object value) {
        if (dir == null) {
            throw new IllegalStateException("Export.to(folder) was not called before Export.value(\"" + id + "\", ...)");
        }
        write(dir, id, value);
    }

    /** Records that item {@code id}'s expression threw, so the comparison reports it and the notebook goes on. */
    public static void failed(String id, Throwable error) {
        if (dir == null) {
            throw new IllegalStateException("Export.to(folder) was not called before Export.failed(\"" + id + "\", ...)");
        }
        AtomicWrite.writeString(dir.resolve(id + ExportFiles.ERROR), error.getClass().getName() + ": " + error.getMessage());
    }

    /** Writes {@code value} as item {@code id} into {@code folder}. */
    public static Path write(Path folder, String id, Object value) {
        Path base = folder.resolve(id);
        Object v = value instanceof Tracked<?> t ? t.value() : value;
        switch (v) {
            case null -> throw new IllegalArgumentException("parity item '" + id + "': the expression is null");
            case double[] a -> {
                return npy(base, p -> Npy.writeDoubles(p, a, a.length));
            }
            case float[] a -> {
                return npy(base, p -> Npy.writeFloats(p, a, a.length));
            }
            case int[] a -> {
                return npy(base, p -> Npy.writeInts(p, a, a.length));
            }
            case long[] a -> {
                return npy(base, p -> Npy.writeLongs(p, a, a.length));
            }
            case boolean[] a -> {
                int[] ints = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    ints[i] = a[i] ? 1 : 0;
                }
                return npy(base, p -> Npy.writeInts(p, ints, ints.length));
            }
            case double[][] rows -> {
                return matrix(base, rows.length, rows.length == 0 ? 0 : rows[0].length, (r, c) -> rows[r][c]);
            }
            case float[][] rows -> {
                return matrix(base, rows.length, rows.length == 0 ? 0 : rows[0].length, (r, c) -> rows[r][c]);
            }
            case int[][] rows -> {
                return matrix(base, rows.length, rows.length == 0 ? 0 : rows[0].length, (r, c) -> rows[r][c]);
            }
            case Matrix m -> {
                var d = m.toDense();
                return npy(base, p -> Npy.writeFloats(p, d.data(), d.nRows(), d.nCols()));
            }
            case Table t -> {
                return csv(base, t);
            }
            case Column<?> c -> {
                return column(base, c);
            }
            case Set<?> s -> {
                List<String> out = new ArrayList<>();
                s.forEach(x -> out.add(text(x)));
                out.sort(null);
                return json(base, "set", out);
            }
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(text(k), x instanceof Number n ? (Object) n.doubleValue() : text(x)));
                return json(base, "map", out);
            }
            case Collection<?> c -> {
                return list(base, new ArrayList<>(c));
            }
            case Object[] a -> {
                return list(base, List.of(a));
            }
            case Boolean b -> {
                return json(base, "scalar", b ? 1.0 : 0.0);
            }
            case Number n -> {
                return json(base, "scalar", n.doubleValue());
            }
            case CharSequence s -> {
                return json(base, "string", s.toString());
            }
            case Enum<?> e -> {
                return json(base, "string", e.name());
            }
            default -> throw new IllegalArgumentException("parity item '" + id + "': cannot export a "
                    + v.getClass().getName() + "; export an array, Matrix, Tablesaw Table or Column, List, Set, Map, "
                    + "number or String (e.g. adata.obs().column(\"leiden\"))");
        }
    }

    private interface Cell {
        double get(int r, int c);
    }

    private interface NpyWriter {
        void write(Path p);
    }

    private static Path npy(Path base, NpyWriter w) {
        Path p = base.resolveSibling(base.getFileName() + ".npy");
        w.write(p);
        return p;
    }

    private static Path matrix(Path base, int rows, int cols, Cell cell) {
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = cell.get(r, c);
            }
        }
        return npy(base, p -> Npy.writeDoubles(p, flat, rows, cols));
    }

    private static Path list(Path base, List<?> items) {
        boolean numeric = !items.isEmpty() && items.stream().allMatch(x -> x instanceof Number || x instanceof Boolean);
        if (numeric) {
            double[] a = new double[items.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = items.get(i) instanceof Boolean b ? (b ? 1 : 0) : ((Number) items.get(i)).doubleValue();
            }
            return npy(base, p -> Npy.writeDoubles(p, a, a.length));
        }
        List<String> out = new ArrayList<>();
        items.forEach(x -> out.add(text(x)));
        return json(base, "list", out);
    }

    private static Path column(Path base, Column<?> c) {
        if (c instanceof tech.tablesaw.api.NumericColumn<?> n) {
            double[] a = new double[n.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = n.isMissing(i) ? Double.NaN : n.getDouble(i);
            }
            return npy(base, p -> Npy.writeDoubles(p, a, a.length));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            out.add(c.getString(i));
        }
        return json(base, "list", out);
    }

    private static Path csv(Path base, Table t) {
        StringBuilder b = new StringBuilder();
        List<String> names = t.columnNames();
        for (int c = 0; c < names.size(); c++) {
            b.append(c > 0 ? "," : "").append(ExportFiles.csvCell(names.get(c)));
        }
        b.append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            for (int c = 0; c < names.size(); c++) {
                Column<?> col = t.column(c);
                String cell;
                if (col.isMissing(r)) {
                    cell = "";
                } else if (col instanceof tech.tablesaw.api.NumericColumn<?> n) {
                    cell = Double.toString(n.getDouble(r));
                } else {
                    cell = col.getString(r);
                }
                b.append(c > 0 ? "," : "").append(ExportFiles.csvCell(cell));
            }
            b.append('\n');
        }
        Path p = base.resolveSibling(base.getFileName() + ".csv");
        AtomicWrite.writeString(p, b.toString());
        return p;
    }

    private static Path json(Path base, String kind, Object value) {
        Path p = base.resolveSibling(base.getFileName() + ".json");
        ExportFiles.writeJson(p, kind, value);
        return p;
    }

    private static String text(Object x) {
        if (x instanceof Double || x instanceof Float) {
            return ParityValue.canonical(((Number) x).doubleValue());
        }
        return String.valueOf(x);
    }
}
