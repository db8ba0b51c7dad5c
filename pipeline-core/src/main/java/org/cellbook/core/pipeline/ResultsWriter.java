package org.cellbook.core.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.io.AtomicWrite;
import org.cellbook.core.io.Npy;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes the files of the TCR-response results folder in the formats both notebooks share
 * (documented in {@code notebooks/tcr-response/RESULTS.md}): CSV as pandas' {@code to_csv(index=False)}
 * reads it back (comma-separated, a header row, fields quoted only when needed, missing and NaN
 * as an empty field, infinities as {@code inf}/{@code -inf}), matrices as {@code .npy}, one name a
 * line for lists. Every file is written atomically.
 */
final class ResultsWriter {
    private final Path dir;
    private final List<Path> files = new ArrayList<>();

    ResultsWriter(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + dir, e);
        }
    }

    List<Path> files() {
        return List.copyOf(files);
    }

    /** qc_summary.csv: stage (loaded, qc, hvg), n_cells, n_genes. */
    void qcSummary(int[] cells, int[] genes) {
        StringBuilder b = new StringBuilder("stage,n_cells,n_genes\n");
        String[] stages = {"loaded", "qc", "hvg"};
        for (int i = 0; i < stages.length; i++) {
            b.append(stages[i]).append(',').append(cells[i]).append(',').append(genes[i]).append('\n');
        }
        text("qc_summary.csv", b.toString());
    }

    /** hvg.csv: column gene, the highly variable genes in var order. */
    void hvg(List<String> genes) {
        StringBuilder b = new StringBuilder("gene\n");
        genes.forEach(g -> b.append(field(g)).append('\n'));
        text("hvg.csv", b.toString());
    }

    /** pca.npy (float32 cells x components) and pca_variance_ratio.npy (float64). */
    void pca(DenseMatrix scores, double[] varianceRatio) {
        matrix("pca.npy", scores);
        Path p = dir.resolve("pca_variance_ratio.npy");
        Npy.writeDoubles(p, varianceRatio, varianceRatio.length);
        files.add(p);
    }

    /** obs.csv: column cell (the obs name) then the given obs columns, cells in AnnData order. */
    void obs(AnnData a, List<String> columns) {
        StringBuilder b = new StringBuilder("cell");
        columns.forEach(c -> b.append(',').append(field(c)));
        b.append('\n');
        for (int i = 0; i < a.nObs(); i++) {
            b.append(field(a.obsNames().get(i)));
            for (String c : columns) {
                Column<?> col = a.obs().column(c);
                b.append(',').append(col.isMissing(i) ? "" : field(col.getString(i)));
            }
            b.append('\n');
        }
        text("obs.csv", b.toString());
    }

    /** kmer_vocabulary.txt: one k-mer a line, in column order. */
    void kmerVocabulary(List<String> kmers) {
        text("kmer_vocabulary.txt", String.join("\n", kmers) + "\n");
    }

    /** A float32 matrix as .npy. */
    void matrix(String name, DenseMatrix m) {
        Path p = dir.resolve(name);
        Npy.writeFloats(p, m.data(), m.nRows(), m.nCols());
        files.add(p);
    }

    /**
     * cv_folds.csv: fold, held_out_patient, n_train, n_test: leave-one-patient-out over the
     * patients in sorted order (sklearn's LeaveOneGroupOut), counted in cells.
     */
    void folds(String[] patientOfCell) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String p : patientOfCell) {
            counts.merge(p, 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder("fold,held_out_patient,n_train,n_test\n");
        int fold = 0;
        for (var e : counts.entrySet()) {
            b.append(fold++).append(',').append(field(e.getKey())).append(',')
                    .append(patientOfCell.length - e.getValue()).append(',').append(e.getValue()).append('\n');
        }
        text("cv_folds.csv", b.toString());
    }

    /** A table as CSV. */
    void table(String name, Table t) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < t.columnCount(); j++) {
            b.append(j == 0 ? "" : ",").append(field(t.column(j).name()));
        }
        b.append('\n');
        for (int i = 0; i < t.rowCount(); i++) {
            for (int j = 0; j < t.columnCount(); j++) {
                Column<?> c = t.column(j);
                b.append(j == 0 ? "" : ",").append(value(c, i));
            }
            b.append('\n');
        }
        text(name, b.toString());
    }

    private static String value(Column<?> c, int i) {
        if (c.isMissing(i)) {
            return "";
        }
        Object v = c.get(i);
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "";
            }
            return d.isInfinite() ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "" : Double.toString(f);
        }
        return field(String.valueOf(v));
    }

    /** A CSV field, quoted (quotes doubled) when it holds a comma, quote or line break. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private void text(String name, String content) {
        Path p = dir.resolve(name);
        AtomicWrite.writeString(p, content);
        files.add(p);
    }
}
