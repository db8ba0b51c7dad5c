package org.cellbook.core.model.split;

/** One train/test partition of sample positions, both ascending (as scikit-learn yields them). */
public record Split(int[] train, int[] test) {
}
