package org.cellbook.core.model.split;

import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;

/**
 * scikit-learn's {@code GroupKFold(n_splits, shuffle=False)}: groups, largest first (ties: the
 * later group first, as numpy's reversed stable argsort does), each go to the fold with the fewest
 * samples so far (ties: the lowest fold index, as {@code np.argmin}).
 */
public final class GroupKFold implements GroupSplitter {
    private final int nSplits;

    public GroupKFold(int nSplits) {
        if (nSplits < 2) {
            throw BadInputException.parameter("n_splits", "must be at least 2, got " + nSplits, "use 2 or more inner splits");
        }
        this.nSplits = nSplits;
    }

    @Override
    public List<Split> split(int[] y, Groups groups) {
        int nGroups = groups.nGroups();
        if (nSplits > nGroups) {
            throw BadInputException.parameter("n_splits", "Cannot have number of splits n_splits=" + nSplits
                    + " greater than the number of groups: " + nGroups, "use fewer inner splits or more patients");
        }
        if (nSplits > groups.nSamples()) {
            throw BadInputException.parameter("n_splits", "greater than the number of samples " + groups.nSamples(), "use fewer splits");
        }
        int[] codes = groups.codes();
        long[] sizes = new long[nGroups];
        for (int c : codes) {
            sizes[c]++;
        }
        // np.argsort(sizes, kind="stable")[::-1]: descending size, ties by descending group index.
        Integer[] order = new Integer[nGroups];
        for (int g = 0; g < nGroups; g++) {
            order[g] = g;
        }
        java.util.Arrays.sort(order, (a, b) -> sizes[a] != sizes[b] ? Long.compare(sizes[b], sizes[a]) : Integer.compare(b, a));
        double[] perFold = new double[nSplits];
        int[] groupToFold = new int[nGroups];
        for (int g : order) {
            int lightest = 0;
            for (int f = 1; f < nSplits; f++) {
                if (perFold[f] < perFold[lightest]) {
                    lightest = f;
                }
            }
            perFold[lightest] += sizes[g];
            groupToFold[g] = lightest;
        }
        List<Split> out = new ArrayList<>(nSplits);
        for (int f = 0; f < nSplits; f++) {
            boolean[] mask = new boolean[codes.length];
            for (int i = 0; i < codes.length; i++) {
                mask[i] = groupToFold[codes[i]] == f;
            }
            out.add(GroupSplitter.fromTestMask(mask));
        }
        return out;
    }

    @Override
    public String describe() {
        return "GroupKFold(n_splits=" + nSplits + ")";
    }
}
