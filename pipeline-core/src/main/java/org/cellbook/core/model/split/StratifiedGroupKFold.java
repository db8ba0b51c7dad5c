package org.cellbook.core.model.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cellbook.core.BadInputException;

/**
 * scikit-learn's {@code StratifiedGroupKFold(n_splits, shuffle=False)} for binary labels: groups
 * in order of decreasing standard deviation of their class counts (stable), each placed in the
 * fold that minimises the mean over classes of the standard deviation across folds of the
 * per-class fraction; near-ties ({@code np.isclose}) go to the fold with fewer samples. The
 * arithmetic follows numpy's operation order so that exact ties break the same way.
 */
public final class StratifiedGroupKFold implements GroupSplitter {
    private final int nSplits;

    public StratifiedGroupKFold(int nSplits) {
        if (nSplits < 2) {
            throw BadInputException.parameter("n_splits", "must be at least 2, got " + nSplits, "use 2 or more inner splits");
        }
        this.nSplits = nSplits;
    }

    @Override
    public List<Split> split(int[] y, Groups groups) {
        int[] codes = groups.codes();
        // np.unique(y): the classes present, sorted.
        int[] classes = Groups.distinctSorted(y);
        int nClasses = classes.length;
        double[] yCnt = new double[nClasses];
        int[] yInv = classIndex(y, classes, yCnt);
        boolean allTooSmall = true;
        for (double c : yCnt) {
            allTooSmall &= nSplits > c;
        }
        if (allTooSmall) {
            throw BadInputException.parameter("n_splits", "n_splits=" + nSplits
                    + " cannot be greater than the number of members in each class", "use fewer inner splits");
        }
        int nGroups = groups.nGroups();
        if (nSplits > nGroups) {
            throw BadInputException.parameter("n_splits", "Cannot have number of splits n_splits=" + nSplits
                    + " greater than the number of groups: " + nGroups, "use fewer inner splits or more patients");
        }
        double[][] perGroup = countPerGroup(codes, yInv, nGroups, nClasses);
        double[] negStd = new double[nGroups];
        for (int g = 0; g < nGroups; g++) {
            negStd[g] = -std(perGroup[g]);
        }
        Integer[] order = new Integer[nGroups];
        for (int g = 0; g < nGroups; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> Double.compare(negStd[a], negStd[b])); // stable merge sort
        double[][] perFold = new double[nSplits][nClasses];
        int[] groupToFold = new int[nGroups];
        for (int g : order) {
            int best = findBestFold(perFold, yCnt, perGroup[g]);
            for (int c = 0; c < nClasses; c++) {
                perFold[best][c] += perGroup[g][c];
            }
            groupToFold[g] = best;
        }
        List<Split> out = new ArrayList<>(nSplits);
        for (int f = 0; f < nSplits; f++) {
            out.add(GroupSplitter.fromTestMask(testMask(codes, groupToFold, f)));
        }
        return out;
    }

    // The passes over the samples are small methods of their own: split runs once per fold task,
    // and with them inline its loops made the JIT compile the whole method twice (on-stack
    // replacement, then normally) at ~26 KB of machine code, seconds of C2 time that a second
    // fold worker has to share a core with (bench/results/cv-eff-2026-11-23.json).

    /** Each sample's position in {@code classes}; counts per class into {@code counts}. */
    private static int[] classIndex(int[] y, int[] classes, double[] counts) {
        int[] inv = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            inv[i] = Arrays.binarySearch(classes, y[i]);
            counts[inv[i]]++;
        }
        return inv;
    }

    private static double[][] countPerGroup(int[] codes, int[] yInv, int nGroups, int nClasses) {
        double[][] perGroup = new double[nGroups][nClasses];
        for (int i = 0; i < codes.length; i++) {
            perGroup[codes[i]][yInv[i]] += 1;
        }
        return perGroup;
    }

    private static boolean[] testMask(int[] codes, int[] groupToFold, int fold) {
        boolean[] mask = new boolean[codes.length];
        for (int i = 0; i < codes.length; i++) {
            mask[i] = groupToFold[codes[i]] == fold;
        }
        return mask;
    }

    private int findBestFold(double[][] perFold, double[] yCnt, double[] groupCounts) {
        int nClasses = yCnt.length;
        int best = -1;
        double minEval = Double.POSITIVE_INFINITY;
        double minSamples = Double.POSITIVE_INFINITY;
        for (int i = 0; i < nSplits; i++) {
            for (int c = 0; c < nClasses; c++) {
                perFold[i][c] += groupCounts[c];
            }
            double sumStd = 0;
            double[] col = new double[nSplits];
            double[] stdPerClass = new double[nClasses];
            for (int c = 0; c < nClasses; c++) {
                for (int f = 0; f < nSplits; f++) {
                    col[f] = perFold[f][c] / yCnt[c];
                }
                stdPerClass[c] = std(col);
            }
            for (int c = 0; c < nClasses; c++) {
                perFold[i][c] -= groupCounts[c];
            }
            for (double s : stdPerClass) {
                sumStd += s;
            }
            double foldEval = sumStd / nClasses;
            double samplesInFold = 0;
            for (int c = 0; c < nClasses; c++) {
                samplesInFold += perFold[i][c];
            }
            boolean better = foldEval < minEval || (isClose(foldEval, minEval) && samplesInFold < minSamples);
            if (better) {
                minEval = foldEval;
                minSamples = samplesInFold;
                best = i;
            }
        }
        return best;
    }

    /** np.isclose(a, b) with rtol=1e-5, atol=1e-8; infinities are close only to themselves. */
    private static boolean isClose(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }

    /** np.std (ddof=0) for short vectors: sequential sums, as numpy does below 8 elements. */
    static double std(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double ss = 0;
        for (double v : x) {
            double d = Math.abs(v - mean);
            ss += d * d;
        }
        return Math.sqrt(ss / x.length);
    }

    @Override
    public String describe() {
        return "StratifiedGroupKFold(n_splits=" + nSplits + ")";
    }
}
