package org.cellbook.core.data;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/** Concatenation of containers along cells (anndata's {@code concat(axis=0, join="inner")} for same-gene inputs). */
public final class Concat {
    private Concat() {
    }

    /**
     * Cells of every part, in order. Parts must have the same genes in the same order (samples
     * quantified against one reference); obs tables must have the same columns. X must be sparse.
     * obsm keys present in every part are kept; layers and uns are dropped.
     *
     * @param labels one name per part, used in error messages (e.g. sample ids)
     */
    public static AnnData obs(List<AnnData> parts, List<String> labels) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        AnnData first = parts.get(0);
        List<CsrMatrix> xs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Table obs = null;
        for (int p = 0; p < parts.size(); p++) {
            AnnData a = parts.get(p);
            if (!a.varNames().equals(first.varNames())) {
                throw new IllegalArgumentException(geneMismatch(first.varNames(), a.varNames(), labels.get(0), labels.get(p)));
            }
            xs.add(a.xSparse());
            names.addAll(a.obsNames());
            if (obs == null) {
                obs = a.obs().copy();
            } else {
                if (!obs.columnNames().equals(a.obs().columnNames())) {
                    throw new IllegalArgumentException("obs columns of " + labels.get(p) + " " + a.obs().columnNames()
                            + " differ from " + labels.get(0) + " " + obs.columnNames());
                }
                obs.append(a.obs());
            }
        }
        AnnData.Builder out = AnnData.builder(CsrMatrix.stackRows(xs), names, first.varNames()).obs(obs).var(first.var());
        for (String key : first.obsm().keySet()) {
            if (parts.stream().allMatch(a -> a.obsm().containsKey(key))) {
                out.obsm(key, stackRows(parts.stream().map(a -> a.obsm().get(key)).toList()));
            }
        }
        return out.build();
    }

    private static DenseMatrix stackRows(List<DenseMatrix> ms) {
        int cols = ms.get(0).nCols();
        int rows = ms.stream().mapToInt(DenseMatrix::nRows).sum();
        DenseMatrix out = DenseMatrix.zeros(rows, cols);
        int at = 0;
        for (DenseMatrix m : ms) {
            System.arraycopy(m.data(), 0, out.data(), at, m.data().length);
            at += m.data().length;
        }
        return out;
    }

    private static String geneMismatch(List<String> a, List<String> b, String la, String lb) {
        if (a.size() != b.size()) {
            return lb + " has " + b.size() + " genes but " + la + " has " + a.size()
                    + "; all samples must be quantified against the same reference";
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "genes differ between " + la + " and " + lb + " at position " + i + " (" + a.get(i) + " vs " + b.get(i)
                        + "); all samples must be quantified against the same reference";
            }
        }
        return "genes differ";
    }
}
