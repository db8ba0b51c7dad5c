package org.cellbook.core.model.features;

/**
 * Where labels and groups come from: the obs column with the binary response (a cell is
 * positive when its value, as a string, equals {@code positiveValue}; missing or empty values
 * leave the cell unlabelled and out of every feature set) and the obs column with patient ids.
 */
public record LabelSpec(String labelColumn, String positiveValue, String groupColumn) {
}
