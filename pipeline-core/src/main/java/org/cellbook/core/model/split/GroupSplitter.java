package org.cellbook.core.model.split;

import java.util.List;

/**
 * A deterministic group-aware cross-validation splitter. Implementations reproduce the
 * scikit-learn 1.9.1 class of the same name (with {@code shuffle=False}) split for split.
 */
public interface GroupSplitter {
    /**
     * The splits, in scikit-learn's order.
     *
     * @param y binary labels (0/1), one per sample; used only by stratified splitters
     * @param groups the samples' groups
     */
    List<Split> split(int[] y, Groups groups);

    /** A short description for results and error messages, e.g. {@code GroupKFold(n_splits=3)}. */
    String describe();

    /** Train = every position not in test, ascending (scikit-learn's BaseCrossValidator.split). */
    static Split fromTestMask(boolean[] inTest) {
        int nTest = 0;
        for (boolean b : inTest) {
            if (b) {
                nTest++;
            }
        }
        int[] test = new int[nTest];
        int[] train = new int[inTest.length - nTest];
        int a = 0;
        int b = 0;
        for (int i = 0; i < inTest.length; i++) {
            if (inTest[i]) {
                test[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new Split(train, test);
    }
}
