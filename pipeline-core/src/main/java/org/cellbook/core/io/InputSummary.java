package org.cellbook.core.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.tcr.Contig;
import org.cellbook.core.tcr.Contigs;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;

/**
 * A plain-text summary of any supported input, for {@code cellbook inspect}: expression data
 * (cells, genes, non-zeros, obs/var columns, per-sample counts, TCR coverage), contig files and
 * sample sheets (which are loaded as the whole cohort).
 */
public final class InputSummary {
    private InputSummary() {
    }

    /** What kind of input a path is, judged by content where names are ambiguous. */
    public enum Kind { EXPRESSION, CONTIGS, SAMPLE_SHEET }

    public static Kind kind(Path path) {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".tsv")) {
                String header;
                try (TextInput in = TextInput.open(path)) {
                    header = String.valueOf(in.readLine());
                }
                if (header.contains("sample_id") && header.contains("gex_path")) {
                    return Kind.SAMPLE_SHEET;
                }
                return Kind.CONTIGS;
            }
        }
        return Kind.EXPRESSION;
    }

    public static String of(Path path) {
        return switch (kind(path)) {
            case SAMPLE_SHEET -> {
                CohortLoader.Cohort c = CohortLoader.load(path);
                StringBuilder s = new StringBuilder("sample sheet " + path + ": " + c.sheet().samples().size() + " samples, "
                        + c.sheet().samples().stream().map(SampleSheet.Sample::patientId).distinct().count() + " patients\n");
                s.append(of(c.adata()));
                c.warnings().forEach(w -> s.append("warning: ").append(w).append('\n'));
                yield s.toString();
            }
            case CONTIGS -> of(ContigReader.read(path));
            case EXPRESSION -> path + " (" + Readers.kind(path).name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")\n"
                    + of(Readers.read(path));
        };
    }

    public static String of(AnnData a) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "cells: %,d%ngenes: %,d%n", a.nObs(), a.nVars()));
        if (a.x() instanceof CsrMatrix x) {
            double density = a.nObs() == 0 || a.nVars() == 0 ? 0 : (double) x.nnz() / ((double) a.nObs() * a.nVars());
            s.append(String.format(Locale.ROOT, "non-zeros: %,d (%.2f%% dense, %.0f per cell)%n", x.nnz(), 100 * density,
                    a.nObs() == 0 ? 0.0 : (double) x.nnz() / a.nObs()));
        } else {
            s.append("X: dense\n");
        }
        s.append("obs columns: ").append(list(a.obs().columnNames())).append('\n');
        s.append("var columns: ").append(list(a.var().columnNames())).append('\n');
        if (!a.obsm().isEmpty()) {
            s.append("obsm: ").append(list(List.copyOf(a.obsm().keySet()))).append('\n');
        }
        if (a.obs().containsColumn("sample_id")) {
            StringColumn samples = a.obs().stringColumn("sample_id");
            Map<String, int[]> per = new TreeMap<>();
            BooleanColumn tcr = a.obs().containsColumn("has_tcr") ? a.obs().booleanColumn("has_tcr") : null;
            for (int i = 0; i < a.nObs(); i++) {
                int[] c = per.computeIfAbsent(samples.get(i), k -> new int[2]);
                c[0]++;
                if (tcr != null && tcr.get(i)) {
                    c[1]++;
                }
            }
            s.append("per sample:\n");
            per.forEach((k, c) -> s.append(String.format(Locale.ROOT, "  %-20s %,8d cells%s%n", k, c[0],
                    tcr == null ? "" : String.format(Locale.ROOT, "  %5.1f%% with TCR", 100.0 * c[1] / c[0]))));
        }
        if (a.obs().containsColumn("has_tcr")) {
            long n = a.obs().booleanColumn("has_tcr").countTrue();
            s.append(String.format(Locale.ROOT, "TCR coverage: %,d of %,d cells (%.1f%%)%n", n, a.nObs(),
                    a.nObs() == 0 ? 0.0 : 100.0 * n / a.nObs()));
        }
        return s.toString();
    }

    public static String of(Contigs contigs) {
        Map<String, Integer> chains = new TreeMap<>();
        Map<String, Boolean> barcodes = new LinkedHashMap<>();
        int productive = 0;
        for (Contig c : contigs.contigs()) {
            chains.merge(c.chain() == null ? "?" : c.chain(), 1, Integer::sum);
            barcodes.put(c.barcode(), true);
            if (Boolean.TRUE.equals(c.productive())) {
                productive++;
            }
        }
        int n = contigs.contigs().size();
        StringBuilder s = new StringBuilder(contigs.source() + " (contig annotations)\n");
        s.append(String.format(Locale.ROOT, "contigs: %,d (%.1f%% productive)%nbarcodes: %,d%n", n,
                n == 0 ? 0.0 : 100.0 * productive / n, barcodes.size()));
        s.append("chains: ");
        chains.forEach((k, v) -> s.append(k).append('=').append(String.format(Locale.ROOT, "%,d", v)).append(' '));
        return s.append('\n').toString();
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
