package org.cellbook.core.model.split;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Group labels (patients) coded like numpy's {@code np.unique(groups, return_inverse=True)}:
 * the distinct labels sorted ascending, and each sample's position in that sorted list. Every
 * splitter works on these codes, so fold order matches scikit-learn as long as the sort order
 * matches: strings sort by {@link String#compareTo} (UTF-16 code units; numpy sorts by code
 * point, which differs only for characters outside the Basic Multilingual Plane) and integer ids
 * numerically (use {@link #ofInts} for those, never their decimal strings, or "10" sorts before "2").
 */
public final class Groups {
    private final List<String> labels;
    private final int[] codes;

    private Groups(List<String> labels, int[] codes) {
        this.labels = labels;
        this.codes = codes;
    }

    public static Groups of(String[] groups) {
        List<String> sorted = List.copyOf(new TreeSet<>(Arrays.asList(groups)));
        int[] codes = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            codes[i] = java.util.Collections.binarySearch(sorted, groups[i]);
        }
        return new Groups(sorted, codes);
    }

    public static Groups ofInts(int[] groups) {
        int[] sorted = Arrays.stream(groups).distinct().sorted().toArray();
        int[] codes = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            codes[i] = Arrays.binarySearch(sorted, groups[i]);
        }
        return new Groups(Arrays.stream(sorted).mapToObj(Integer::toString).toList(), codes);
    }

    /** The distinct labels, sorted (code {@code c} is {@code labels().get(c)}). */
    public List<String> labels() {
        return labels;
    }

    /** Each sample's group code (not a copy; do not modify). */
    public int[] codes() {
        return codes;
    }

    public int nGroups() {
        return labels.size();
    }

    public int nSamples() {
        return codes.length;
    }

    /** The groups restricted to some sample positions, re-coded among the groups present there. */
    public Groups subset(int[] rows) {
        // Re-coding through the labels keeps the sort order of the original labels' kind.
        int[] rank = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rank[i] = codes[rows[i]];
        }
        int[] present = distinctSorted(rank);
        int[] newCodes = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            newCodes[i] = Arrays.binarySearch(present, rank[i]);
        }
        return new Groups(Arrays.stream(present).mapToObj(labels::get).toList(), newCodes);
    }

    /**
     * The distinct values, ascending: {@code Arrays.stream(v).distinct().sorted().toArray()} as a
     * primitive sort (it runs per fold task; a boxed stream is slow and costly for the JIT to compile).
     */
    static int[] distinctSorted(int[] values) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (values.length > 0 && (long) max - min < 4096) {
            // Labels and group codes: a few small values, so presence flags instead of a sort.
            boolean[] seen = new boolean[max - min + 1];
            int k = 0;
            for (int v : values) {
                if (!seen[v - min]) {
                    seen[v - min] = true;
                    k++;
                }
            }
            int[] out = new int[k];
            k = 0;
            for (int d = 0; d < seen.length; d++) {
                if (seen[d]) {
                    out[k++] = min + d;
                }
            }
            return out;
        }
        int[] s = values.clone();
        Arrays.sort(s);
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (i == 0 || s[i] != s[k - 1]) {
                s[k++] = s[i];
            }
        }
        return Arrays.copyOf(s, k);
    }
}
