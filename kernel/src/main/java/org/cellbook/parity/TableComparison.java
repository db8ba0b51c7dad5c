package org.cellbook.parity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables joined on key columns (rows matched by key, in any order; without keys, by position),
 * then each compared column checked with its own comparison: {@code columnRules} for named
 * columns, else {@code numeric} for numeric columns and {@link Identical} for text. Keys present on
 * one side only, duplicate keys and columns missing from the port fail the item. Maps exported as
 * {@code key/value} tables join on {@code key}.
 */
public record TableComparison(List<String> keys, Comparison numeric, Map<String, Comparison> columnRules,
                              List<String> columns) implements Comparison {

    public TableComparison(List<String> keys, Comparison numeric) {
        this(keys, numeric, Map.of(), List.of());
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("table(");
        b.append(keys.isEmpty() ? "by row" : "keys=" + String.join(",", keys)).append("; ").append(numeric.describe());
        columnRules.forEach((c, r) -> b.append("; ").append(c).append(": ").append(r.describe()));
        return b.append(')').toString();
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        if (!(original instanceof ParityValue.Table a) || !(port instanceof ParityValue.Table b)) {
            return Outcome.mismatch("table needs tables on both sides, got " + Allclose.kind(original) + " and " + Allclose.kind(port));
        }
        for (String k : keys) {
            if (a.column(k) == null || b.column(k) == null) {
                return Outcome.mismatch("key column '" + k + "' missing from the " + (a.column(k) == null ? "original" : "port")
                        + " (columns: " + String.join(", ", a.column(k) == null ? a.names() : b.names()) + ")");
            }
        }
        List<int[]> pairs = new ArrayList<>();
        List<String> rowNames = new ArrayList<>();
        if (keys.isEmpty()) {
            if (a.rows() != b.rows()) {
                return Outcome.mismatch("row counts differ: original " + a.rows() + ", port " + b.rows());
            }
            for (int i = 0; i < a.rows(); i++) {
                pairs.add(new int[] {i, i});
                rowNames.add("row " + i);
            }
        } else {
            Map<String, Integer> ka = index(a);
            Map<String, Integer> kb = index(b);
            if (ka == null || kb == null) {
                return Outcome.mismatch("key " + keys + " is not unique in the " + (ka == null ? "original" : "port"));
            }
            List<String> onlyA = new ArrayList<>();
            ka.forEach((k, i) -> {
                Integer j = kb.get(k);
                if (j == null) {
                    onlyA.add(k);
                } else {
                    pairs.add(new int[] {i, j});
                    rowNames.add(String.join(",", keys) + "=" + k);
                }
            });
            List<String> onlyB = new ArrayList<>();
            kb.keySet().forEach(k -> {
                if (!ka.containsKey(k)) {
                    onlyB.add(k);
                }
            });
            if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
                return new Outcome(false, onlyA.size() + onlyB.size(),
                        "keys only in original: " + Comparisons.preview(onlyA) + "; only in port: " + Comparisons.preview(onlyB),
                        "unmatched keys (" + pairs.size() + " matched)");
            }
        }
        if (pairs.isEmpty()) {
            // Both sides empty (e.g. a model neither run configured): they agree, and an empty column has no type.
            return new Outcome(true, 0, "", "no rows on either side");
        }
        List<String> compared = new ArrayList<>(columns.isEmpty() ? a.names() : columns);
        compared.removeAll(keys);
        Outcome worst = null;
        String worstColumn = null;
        List<String> failed = new ArrayList<>();
        for (String name : compared) {
            ParityValue.Column ca = a.column(name);
            ParityValue.Column cb = b.column(name);
            if (ca == null || cb == null) {
                return Outcome.mismatch("column '" + name + "' missing from the " + (ca == null ? "original" : "port")
                        + " (columns: " + String.join(", ", ca == null ? a.names() : b.names()) + ")");
            }
            Comparison rule = columnRules.getOrDefault(name, ca.numeric() && cb.numeric() ? numeric : new Identical());
            Outcome o = rule.compare(aligned(ca, pairs, 0), aligned(cb, pairs, 1));
            if (!o.pass()) {
                failed.add(name);
            }
            boolean worse = worst == null || (worst.pass() && !o.pass())
                    || (worst.pass() == o.pass() && !(o.deviation() <= worst.deviation()));
            if (worse) {
                worst = o;
                worstColumn = name;
            }
        }
        if (worst == null) {
            return new Outcome(true, 0, "", pairs.size() + " rows matched, no columns to compare");
        }
        String where = "column " + worstColumn + locate(worst.where(), rowNames);
        String detail = pairs.size() + " rows matched, " + compared.size() + " columns compared"
                + (failed.isEmpty() ? "" : ", failing: " + Comparisons.preview(failed)) + "; " + worstColumn + ": " + worst.detail();
        return new Outcome(failed.isEmpty(), worst.deviation(), where, detail);
    }

    private Map<String, Integer> index(ParityValue.Table t) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            List<String> parts = new ArrayList<>();
            for (String k : keys) {
                parts.add(t.column(k).text(r));
            }
            if (out.put(String.join("|", parts), r) != null) {
                return null;
            }
        }
        return out;
    }

    private static ParityValue aligned(ParityValue.Column c, List<int[]> pairs, int side) {
        if (c.numeric()) {
            double[] v = new double[pairs.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = c.numbers()[pairs.get(i)[side]];
            }
            return new ParityValue.Numeric(new int[] {v.length}, v);
        }
        List<String> v = new ArrayList<>();
        for (int[] p : pairs) {
            v.add(c.strings()[p[side]]);
        }
        return new ParityValue.Strings(v, false);
    }

    private static String locate(String where, List<String> rowNames) {
        if (where.startsWith("[") && where.endsWith("]")) {
            try {
                return ", " + rowNames.get(Integer.parseInt(where.substring(1, where.length() - 1)));
            } catch (RuntimeException e) {
                return " " + where;
            }
        }
        return where.isEmpty() ? "" : " " + where;
    }

}
