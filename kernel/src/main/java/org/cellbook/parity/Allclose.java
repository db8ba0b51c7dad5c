package org.cellbook.parity;

import java.util.Arrays;
import java.util.Locale;

/**
 * numpy.allclose: {@code |port - original| <= atol + rtol * |original|} element-wise, after the
 * shapes agree (axes of length 1 ignored). NaN equals NaN only with {@code equalNan}; infinities
 * must match exactly. Tables are compared column by column in row order ({@link TableComparison}).
 */
public record Allclose(double rtol, double atol, boolean equalNan) implements Comparison {
    public static final double DEFAULT_RTOL = 1e-5;
    public static final double DEFAULT_ATOL = 1e-8;

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "allclose(rtol=%s, atol=%s%s)", rtol, atol, equalNan ? ", equal_nan" : "");
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        if (original instanceof ParityValue.Table && port instanceof ParityValue.Table) {
            return new TableComparison(java.util.List.of(), this).compare(original, port);
        }
        if (!(original instanceof ParityValue.Numeric a) || !(port instanceof ParityValue.Numeric b)) {
            return Outcome.mismatch("allclose needs numbers on both sides, got " + kind(original) + " and " + kind(port));
        }
        return compare(a, b, "");
    }

    Outcome compare(ParityValue.Numeric original, ParityValue.Numeric port, String note) {
        String shape = Comparisons.shapeMismatch(original, port);
        if (shape != null) {
            return Outcome.mismatch(shape);
        }
        double[] a = original.values();
        double[] b = port.values();
        int worst = -1;
        double largest = 0;
        int outside = 0;
        int firstOutside = -1;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            boolean ok;
            double dev;
            if (Double.isNaN(x) || Double.isNaN(y)) {
                ok = equalNan && Double.isNaN(x) && Double.isNaN(y);
                dev = ok ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(x) || Double.isInfinite(y)) {
                ok = x == y;
                dev = ok ? 0 : Double.POSITIVE_INFINITY;
            } else {
                dev = Math.abs(y - x);
                ok = dev <= atol + rtol * Math.abs(x);
            }
            if (!ok) {
                outside++;
                if (firstOutside < 0) {
                    firstOutside = i;
                }
            }
            if (worst < 0 || dev > largest) {
                largest = dev;
                worst = i;
            }
        }
        String where = worst < 0 || largest == 0 ? "" : original.where(worst);
        String detail = (outside == 0 ? "all " + a.length + " values within tolerance"
                : outside + " of " + a.length + " values outside tolerance, first at " + original.where(firstOutside))
                + (where.isEmpty() ? "" : "; largest |port - original| at " + where + ": original "
                + ParityValue.fmt(a[worst]) + ", port " + ParityValue.fmt(b[worst])) + note;
        return new Outcome(outside == 0, worst < 0 ? 0 : largest, where, detail);
    }

    static String kind(ParityValue v) {
        return switch (v) {
            case ParityValue.Numeric n -> n.shape().length == 0 ? "a number" : "an array " + Arrays.toString(n.shape());
            case ParityValue.Strings s -> s.unordered() ? "a set of strings" : "a list of strings";
            case ParityValue.Text t -> "a string";
            case ParityValue.Table t -> "a table";
        };
    }
}
