package org.cellbook.core.model.classifiers;

import org.cellbook.core.model.split.Groups;

/**
 * What a classifier is fitted on: transformed features, 0/1 labels and the rows' patient groups
 * (unused by the classic models; deep models will use them for a group-aware early-stopping
 * validation split inside the training part), optionally with a {@link ColumnOrder} of {@code x}'s
 * columns that binning families use instead of sorting (null = none; never changes a result).
 */
public record TrainingData(double[][] x, int[] y, Groups groups, ColumnOrder order) {
    public TrainingData {
        if (x.length != y.length || groups.nSamples() != y.length) {
            throw new IllegalArgumentException(x.length + " rows, " + y.length + " labels, " + groups.nSamples() + " groups");
        }
        if (order != null && order.nRows() != x.length) {
            throw new IllegalArgumentException(x.length + " rows, column order for " + order.nRows());
        }
    }

    public TrainingData(double[][] x, int[] y, Groups groups) {
        this(x, y, groups, null);
    }

    public int nFeatures() {
        return x.length == 0 ? 0 : x[0].length;
    }
}
