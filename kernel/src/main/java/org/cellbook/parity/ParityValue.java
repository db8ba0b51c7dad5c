package org.cellbook.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A value exported from one notebook, as read back from its file: a numeric array (any shape; a
 * scalar has shape {@code []}), a list or set of strings, a string, or a table of named columns.
 * Both sides of an item are read into this model, so a comparison never depends on which language
 * wrote the value.
 */
public sealed interface ParityValue {

    /** Short description for the report: kind, size, mean and first values. */
    String summary();

    /** Numbers in C order; integers and booleans are widened to double. */
    record Numeric(int[] shape, double[] values) implements ParityValue {
        public static Numeric scalar(double v) {
            return new Numeric(new int[0], new double[] {v});
        }

        /** The shape without axes of length 1, so (n,), (n, 1) and (1, n) compare equal. */
        public int[] squeezedShape() {
            return Arrays.stream(shape).filter(d -> d != 1).toArray();
        }

        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        public int cols() {
            int c = 1;
            for (int i = 1; i < shape.length; i++) {
                c *= shape[i];
            }
            return c;
        }

        /** "[r, c]" for the flat index {@code i}. */
        public String where(int i) {
            if (shape.length == 0) {
                return "";
            }
            if (shape.length == 1) {
                return "[" + i + "]";
            }
            int[] idx = new int[shape.length];
            int rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
            }
            return Arrays.toString(idx);
        }

        @Override
        public String summary() {
            if (shape.length == 0) {
                return "scalar " + fmt(values[0]);
            }
            double sum = 0;
            int finite = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    sum += v;
                    finite++;
                }
            }
            StringBuilder b = new StringBuilder("array ").append(Arrays.toString(shape));
            b.append(", mean ").append(finite == 0 ? "n/a" : fmt(sum / finite));
            b.append(", first [");
            for (int i = 0; i < Math.min(4, values.length); i++) {
                b.append(i > 0 ? ", " : "").append(fmt(values[i]));
            }
            return b.append(values.length > 4 ? ", ...]" : "]").toString();
        }
    }

    /** Strings; {@code unordered} for sets (kept sorted). */
    record Strings(List<String> values, boolean unordered) implements ParityValue {
        @Override
        public String summary() {
            return (unordered ? "set of " : "list of ") + values.size() + " " + preview(values);
        }
    }

    /** One string. */
    record Text(String value) implements ParityValue {
        @Override
        public String summary() {
            return "\"" + (value.length() > 60 ? value.substring(0, 57) + "..." : value) + "\"";
        }
    }

    /** A table: equal-length columns, each numeric or text. */
    record Table(List<Column> columns) implements ParityValue {
        public int rows() {
            return columns.isEmpty() ? 0 : columns.get(0).size();
        }

        public Column column(String name) {
            for (Column c : columns) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            return null;
        }

        public List<String> names() {
            List<String> out = new ArrayList<>();
            columns.forEach(c -> out.add(c.name()));
            return out;
        }

        @Override
        public String summary() {
            return "table " + rows() + " rows x " + columns.size() + " columns " + preview(names());
        }
    }

    /** A table column: {@code numbers} when every cell parsed as a number, else {@code strings}. */
    record Column(String name, double[] numbers, String[] strings) {
        public boolean numeric() {
            return numbers != null;
        }

        public int size() {
            return numeric() ? numbers.length : strings.length;
        }

        /** Cell {@code i} as text (numbers canonical, see {@link ParityValue#canonical}). */
        public String text(int i) {
            return numeric() ? canonical(numbers[i]) : strings[i];
        }
    }

    /** A number as text: integral values without a decimal point (1, not 1.0), so labels match across languages. */
    static String canonical(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String preview(List<String> values) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < Math.min(4, values.size()); i++) {
            b.append(i > 0 ? ", " : "").append(values.get(i));
        }
        return b.append(values.size() > 4 ? ", ...)" : ")").toString();
    }
}
