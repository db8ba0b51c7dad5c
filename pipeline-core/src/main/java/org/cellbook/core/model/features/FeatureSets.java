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
        int[] keep = keptCells(adata.nObs(), label, group, required);
        int n = keep.length;
        int p = names.size();
        int[] y = new int[n];
        String[] patients = new String[n];
        readLabels(label, group, labels.positiveValue(), keep, y, patients);
        float[] data = new float[n * p];
        int off = 0;
        for (int b = 0; b < blocks.size(); b++) {
            DenseMatrix m = blocks.get(b);
            int bad = gatherBlock(m.data(), m.nCols(), keep, data, p, off);
            if (bad >= 0) {
                throw BadInputException.parameter("obsm key", "obsm['" + spec.obsmKeys().get(b) + "'] has a non-finite value at cell '"
                        + adata.obsNames().get(keep[bad / m.nCols()]) + "' (column " + bad % m.nCols() + ")",
                        "add the obs column that marks cells with this modality to requiredObs");
            }
            off += m.nCols();
        }
        if (n == 0) {
            throw BadInputException.parameter("supervised mask", "feature set '" + spec.name() + "' keeps no cell",
                    "check the label column '" + labels.labelColumn() + "' and required columns " + spec.requiredObs());
        }
        return new FeatureSet(spec.name(), new DenseMatrix(n, p, data), names, keep, y, patients, spec.transforms());
    }

    // The passes over the cells are small methods of their own: fromAnnData runs a few times per
    // run, so with them inline its loops made the JIT compile the whole method on-stack, at the
    // start of the nested CV, before any fold task runs.

    /** The cells with a label, a group and every required modality, ascending. */
    private static int[] keptCells(int nObs, Column<?> label, Column<?> group, List<Column<?>> required) {
        int[] keep = new int[nObs];
        int n = 0;
        for (int i = 0; i < nObs; i++) {
            if (hasValue(label, i) && hasValue(group, i) && allPresent(required, i)) {
                keep[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(keep, n);
    }

    private static void readLabels(Column<?> label, Column<?> group, String positive, int[] cells, int[] y, String[] patients) {
        for (int r = 0; r < cells.length; r++) {
            y[r] = label.getString(cells[r]).equals(positive) ? 1 : 0;
            patients[r] = group.getString(cells[r]);
        }
    }

    private static boolean allPresent(List<Column<?>> required, int i) {
        for (Column<?> c : required) {
            if (!present(c, i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the rows {@code cells} of a row-major block with {@code w} columns to columns
     * {@code off ..} of {@code out} (row-major, {@code p} columns); returns the position
     * ({@code row * w + column}) of the first non-finite value, or -1.
     */
    private static int gatherBlock(float[] block, int w, int[] cells, float[] out, int p, int off) {
        for (int r = 0; r < cells.length; r++) {
            System.arraycopy(block, cells[r] * w, out, r * p + off, w);
        }
        for (int r = 0; r < cells.length; r++) {
            for (int j = 0; j < w; j++) {
                if (!Float.isFinite(out[r * p + off + j])) {
                    return r * w + j;
                }
            }
        }
        return -1;
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
