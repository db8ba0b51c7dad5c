package org.cellbook.parity;

import java.util.List;

/**
 * Exact equality (vocabularies, splits, shapes, counts): same shape and values for arrays (NaN
 * equals NaN, as numpy.array_equal with equal_nan), same members in the same order for lists
 * (any order for two sets), same strings, tables equal column by column in row order. "where" is
 * the first difference.
 */
public record Identical() implements Comparison {
    @Override
    public String describe() {
        return "identical";
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        if (original instanceof ParityValue.Table && port instanceof ParityValue.Table) {
            return new TableComparison(List.of(), this).compare(original, port);
        }
        if (original instanceof ParityValue.Numeric a && port instanceof ParityValue.Numeric b) {
            String shape = Comparisons.shapeMismatch(a, b);
            if (shape != null) {
                return Outcome.mismatch(shape);
            }
            int differ = 0;
            int first = -1;
            for (int i = 0; i < a.values().length; i++) {
                double x = a.values()[i];
                double y = b.values()[i];
                if (!(x == y || Double.isNaN(x) && Double.isNaN(y))) {
                    differ++;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            if (differ == 0) {
                return new Outcome(true, 0, "", "all " + a.values().length + " values equal");
            }
            return new Outcome(false, differ, a.where(first), differ + " of " + a.values().length
                    + " values differ; first at " + a.where(first) + ": original " + ParityValue.fmt(a.values()[first])
                    + ", port " + ParityValue.fmt(b.values()[first]));
        }
        if (original instanceof ParityValue.Text a && port instanceof ParityValue.Text b) {
            return a.value().equals(b.value()) ? new Outcome(true, 0, "", "equal strings")
                    : new Outcome(false, 1, "", "strings differ: " + a.summary() + " vs " + b.summary());
        }
        if (original instanceof ParityValue.Strings a && port instanceof ParityValue.Strings b && a.unordered() && b.unordered()) {
            return SetComparison.exact().compare(a, b);
        }
        List<String> a = Comparisons.labels(original);
        List<String> b = Comparisons.labels(port);
        if (a == null || b == null || original instanceof ParityValue.Table || port instanceof ParityValue.Table) {
            return Outcome.mismatch("identical cannot compare " + Allclose.kind(original) + " with " + Allclose.kind(port));
        }
        if (a.size() != b.size()) {
            return Outcome.mismatch("lengths differ: original " + a.size() + ", port " + b.size());
        }
        int differ = 0;
        int first = -1;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                differ++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (differ == 0) {
            return new Outcome(true, 0, "", "all " + a.size() + " items equal");
        }
        return new Outcome(false, differ, "[" + first + "]", differ + " of " + a.size() + " items differ; first at ["
                + first + "]: original '" + a.get(first) + "', port '" + b.get(first) + "'");
    }
}
