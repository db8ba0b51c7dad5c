package org.cellbook.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Members compared as sets (highly variable genes, selected features): exact equality, or a
 * Jaccard index {@code |A ∩ B| / |A ∪ B|} of at least {@code minJaccard}. The deviation is
 * {@code 1 - Jaccard}; "where" lists members found on one side only.
 */
public record SetComparison(Double minJaccard) implements Comparison {
    public static SetComparison exact() {
        return new SetComparison(null);
    }

    @Override
    public String describe() {
        return minJaccard == null ? "set" : String.format(Locale.ROOT, "jaccard(min=%s)", minJaccard);
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        List<String> a = Comparisons.labels(original);
        List<String> b = Comparisons.labels(port);
        if (a == null || b == null) {
            return Outcome.mismatch(describe() + " needs lists, sets or 1-D arrays, got "
                    + Allclose.kind(original) + " and " + Allclose.kind(port));
        }
        TreeSet<String> sa = new TreeSet<>(a);
        TreeSet<String> sb = new TreeSet<>(b);
        List<String> onlyA = new ArrayList<>();
        sa.forEach(x -> {
            if (!sb.contains(x)) {
                onlyA.add(x);
            }
        });
        List<String> onlyB = new ArrayList<>();
        sb.forEach(x -> {
            if (!sa.contains(x)) {
                onlyB.add(x);
            }
        });
        int union = sa.size() + onlyB.size();
        int inter = sa.size() - onlyA.size();
        double jaccard = union == 0 ? 1.0 : (double) inter / union;
        boolean pass = minJaccard == null ? onlyA.isEmpty() && onlyB.isEmpty() : jaccard >= minJaccard;
        String where = onlyA.isEmpty() && onlyB.isEmpty() ? ""
                : "only in original: " + Comparisons.preview(onlyA) + "; only in port: " + Comparisons.preview(onlyB);
        String detail = String.format(Locale.ROOT, "%d vs %d members, %d shared, Jaccard %.4f", sa.size(), sb.size(), inter, jaccard);
        return new Outcome(pass, 1 - jaccard, where, detail);
    }
}
