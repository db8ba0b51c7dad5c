package org.cellbook.kernel.display;

import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.Matrix;

/** Short HTML summaries of matrices and AnnData: shape, storage, sizes; never the whole content. */
final class Summaries {
    private Summaries() { }

    static String matrix(Matrix m) {
        StringBuilder s = new StringBuilder("<div class=\"cellbook-matrix\"><b>")
                .append(m instanceof CsrMatrix ? "CsrMatrix" : "DenseMatrix").append("</b> ")
                .append(m.nRows()).append(" &times; ").append(m.nCols());
        if (m instanceof CsrMatrix c) {
            double cells = (double) c.nRows() * c.nCols();
            s.append(", ").append(c.nnz()).append(" non-zeros");
            if (cells > 0) {
                s.append(String.format(" (%.2f%% dense)", 100.0 * c.nnz() / cells));
            }
        }
        s.append(", ").append(humanBytes(m.bytes())).append("</div>");
        return s.toString();
    }

    static String annData(AnnData a) {
        StringBuilder s = new StringBuilder("<div class=\"cellbook-anndata\"><b>AnnData</b> n_obs &times; n_vars = ")
                .append(a.nObs()).append(" &times; ").append(a.nVars()).append("<br>X: ").append(matrix(a.x()))
                .append("<ul>");
        row(s, "obs", String.join(", ", a.obs().columnNames()));
        row(s, "var", String.join(", ", a.var().columnNames()));
        row(s, "obsm", String.join(", ", a.obsm().keySet()));
        row(s, "varm", String.join(", ", a.varm().keySet()));
        row(s, "layers", String.join(", ", a.layers().keySet()));
        row(s, "uns", String.join(", ", a.uns().keySet()));
        return s.append("</ul></div>").toString();
    }

    private static void row(StringBuilder s, String label, String keys) {
        if (!keys.isEmpty()) {
            s.append("<li><b>").append(label).append("</b>: ").append(TableHtml.escape(keys)).append("</li>");
        }
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
