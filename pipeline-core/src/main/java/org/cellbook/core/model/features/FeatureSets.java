package org.cellbook.core.model.features;

import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.DenseMatrix;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.columns.Column;

/** Builds {@link FeatureSet}s from an AnnData's obsm matrices and obs columns. */
public final class FeatureSets {
    private FeatureSets() {
    }

    public static FeatureSet fromAnnData(AnnData adata, FeatureSetSpec spec, LabelSpec labels) {
        if (spec.obsmKeys().isEmpty()) {
            throw BadInputException.parameter("obsm keys", "feature set '" + spec.name() + "' names no obsm matrix",
                    "list at least one obsm key, e.g. gene_pca");
        }
        Column<?> label = obsColumn(adata, labels.labelColumn(), "label column");
        Column<?> group = obsColumn(adata, labels.groupColumn(), "group column");
        List<Column<?>> required = new ArrayList<>();
        for (String r : spec.requiredObs()) {
            required.add(obsColumn(adata, r, "required obs column"));
        }
        List<DenseMatrix> blocks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String key : spec.obsmKeys()) {
            DenseMatrix m = adata.obsm().get(key);
            if (m == null) {
                throw BadInputException.parameter("obsm key", "feature set '" + spec.name() + "' needs obsm['" + key
                        + "'] but the AnnData has " + adata.obsm().keySet(), "compute it first or fix the name");
            }
            blocks.add(m);
            for (int j = 0; j < m.nCols(); j++) {
                names.add(key + "_" + j);
            }
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < adata.nObs(); i++) {
            final int cell = i;
            if (hasValue(label, i) && hasValue(group, i) && required.stream().allMatch(c -> present(c, cell))) {
                keep.add(i);
            }
        }
        int n = keep.size();
        int p = names.size();
        float[] data = new float[n * p];
        int[] cells = new int[n];
        int[] y = new int[n];
        String[] patients = new String[n];
        for (int r = 0; r < n; r++) {
            int cell = keep.get(r);
            cells[r] = cell;
            y[r] = label.getString(cell).equals(labels.positiveValue()) ? 1 : 0;
            patients[r] = group.getString(cell);
            int off = r * p;
            for (int b = 0; b < blocks.size(); b++) {
                DenseMatrix m = blocks.get(b);
                System.arraycopy(m.data(), cell * m.nCols(), data, off, m.nCols());
                for (int j = 0; j < m.nCols(); j++) {
                    if (!Float.isFinite(data[off + j])) {
                        throw BadInputException.parameter("obsm key", "obsm['" + spec.obsmKeys().get(b) + "'] has a non-finite value at cell '"
                                + adata.obsNames().get(cell) + "' (column " + j + ")", "add the obs column that marks cells with this modality to requiredObs");
                    }
                }
                off += m.nCols();
            }
        }
        if (n == 0) {
            throw BadInputException.parameter("supervised mask", "feature set '" + spec.name() + "' keeps no cell",
                    "check the label column '" + labels.labelColumn() + "' and required columns " + spec.requiredObs());
        }
        return new FeatureSet(spec.name(), new DenseMatrix(n, p, data), names, cells, y, patients, spec.transforms());
    }

    private static Column<?> obsColumn(AnnData adata, String name, String what) {
        if (!adata.obs().columnNames().contains(name)) {
            throw BadInputException.parameter(what, "obs has no column '" + name + "'; it has " + adata.obs().columnNames(),
                    "name an existing obs column");
        }
        return adata.obs().column(name);
    }

    private static boolean hasValue(Column<?> c, int i) {
        return !c.isMissing(i) && !c.getString(i).isEmpty();
    }

    /** A required modality: true in a boolean column, any value in another. */
    private static boolean present(Column<?> c, int i) {
        if (c.isMissing(i)) {
            return false;
        }
        if (c instanceof BooleanColumn b) {
            return b.get(i);
        }
        return !c.getString(i).isEmpty();
    }
}
