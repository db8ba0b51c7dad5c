package org.cellbook.core.model.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.classifiers.ColumnOrder;
import org.cellbook.core.model.split.Groups;

/**
 * A named supervised design matrix: the cells that passed the supervised mask (rows), their
 * features (columns, float32), binary labels, patient groups and the fold transforms to fit
 * inside each fold. Row {@code i} is cell {@code cells()[i]} of the source AnnData.
 */
public final class FeatureSet {
    private final String name;
    private final DenseMatrix x;
    private final List<String> featureNames;
    private final int[] cells;
    private final int[] labels;
    private final String[] patients;
    private final Groups groups;
    private final List<FoldTransform> transforms;
    private ColumnOrder columnOrder; // computed on first use

    public FeatureSet(String name, DenseMatrix x, List<String> featureNames, int[] cells, int[] labels,
                      String[] patients, List<FoldTransform> transforms) {
        this.name = name;
        this.x = x;
        this.featureNames = List.copyOf(featureNames);
        this.cells = cells;
        this.labels = labels;
        this.patients = patients;
        this.groups = Groups.of(patients);
        this.transforms = List.copyOf(transforms);
        int n = x.nRows();
        if (featureNames.size() != x.nCols() || cells.length != n || labels.length != n || patients.length != n) {
            throw new IllegalArgumentException("feature set '" + name + "': " + x.shapeString() + " matrix with "
                    + featureNames.size() + " names, " + cells.length + " cells, " + labels.length + " labels, "
                    + patients.length + " patients");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw BadInputException.parameter("labels", "feature set '" + name + "' has label " + labels[i]
                        + " at row " + i, "encode the response as 0/1");
            }
        }
    }

    public String name() { return name; }

    public DenseMatrix x() { return x; }

    public List<String> featureNames() { return featureNames; }

    public int nRows() { return x.nRows(); }

    public int nFeatures() { return x.nCols(); }

    /** Row positions in the source AnnData (not a copy). */
    public int[] cells() { return cells; }

    /** 0/1 labels (not a copy). */
    public int[] labels() { return labels; }

    /** Patient id per row (not a copy). */
    public String[] patients() { return patients; }

    public Groups groups() { return groups; }

    public List<FoldTransform> transforms() { return transforms; }

    /** The same rows and features with another transform chain (e.g. no scaling for trees). */
    public FeatureSet withTransforms(String newName, List<FoldTransform> newTransforms) {
        return new FeatureSet(newName, x, featureNames, cells, labels, patients, newTransforms);
    }

    /** Rows as double arrays, before any transform. */
    public double[][] rows(int[] rows) {
        int p = x.nCols();
        float[] d = x.data();
        double[][] out = new double[rows.length][p];
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * p;
            for (int j = 0; j < p; j++) {
                out[i][j] = d[base + j];
            }
        }
        return out;
    }

    public int[] labels(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels[rows[i]];
        }
        return out;
    }

    public int[] cells(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = cells[rows[i]];
        }
        return out;
    }

    /**
     * All rows of each raw column in ascending order (computed once, then shared by every fold
     * task on this set): binning families narrow it to a training part ({@link ColumnOrder#restrict})
     * instead of sorting. It is only a sort order; what a fit sees is decided by the restriction.
     */
    public synchronized ColumnOrder columnOrder() {
        if (columnOrder == null) {
            columnOrder = ColumnOrder.ofFloatRows(x.data(), x.nCols(), java.util.stream.IntStream.range(0, x.nRows()).toArray());
        }
        return columnOrder;
    }

    /** Plain-data description (name, shape, feature names' count, transforms) for cache keys and reports. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("n_rows", nRows());
        m.put("n_features", nFeatures());
        List<Map<String, Object>> t = new ArrayList<>();
        transforms.forEach(tr -> t.add(tr.describe()));
        m.put("transforms", t);
        return m;
    }

    /**
     * Fits the transform chain on {@code train} rows and returns the transformed train and test
     * matrices. Only training rows are seen by {@code fit}.
     */
    public double[][][] fitTransform(int[] train, int[] test) {
        double[][] tr = rows(train);
        double[][] te = rows(test);
        int[] trCells = cells(train);
        int[] teCells = cells(test);
        for (FoldTransform t : transforms) {
            FoldTransform.Fitted f = t.fit(tr, trCells);
            // tr and te are this method's own copies (rows, or an earlier transform's output).
            tr = f.applyInPlace(tr, trCells);
            te = f.applyInPlace(te, teCells);
        }
        return new double[][][] {tr, te};
    }
}
