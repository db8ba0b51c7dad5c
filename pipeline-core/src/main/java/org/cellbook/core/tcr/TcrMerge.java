package org.cellbook.core.tcr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;

/**
 * Adds each cell's T-cell receptor to the expression data: per-cell obs columns built from Cell
 * Ranger contig annotations.
 *
 * <p><b>Which contigs count.</b> A contig is used when it is productive, its chain is TRA or TRB,
 * it has a CDR3 (amino acids and nucleotides), and it is not marked {@code is_cell=false} or
 * {@code high_confidence=false} (so {@code all_contig_annotations.csv} gives the same result as
 * the filtered file; missing flags count as true).
 *
 * <p><b>Columns added</b> (replacing same-named ones):
 * <ul>
 * <li>{@code TRA_cdr3}, {@code TRA_cdr3_nt}, {@code TRB_cdr3}, {@code TRB_cdr3_nt}: the cell's
 *     main chain per locus, the used contig with the most UMIs; ties go to more reads, then to the
 *     smaller contig_id (string order), so the choice never depends on file order. Missing (empty
 *     string, Tablesaw's missing value) when the cell has no such chain.</li>
 * <li>{@code n_TRA}, {@code n_TRB}: number of used contigs per locus (0 without TCR data); 2 or
 *     more flags dual-receptor cells or doublets.</li>
 * <li>{@code has_tcr}: at least one used TRA or TRB contig.</li>
 * <li>{@code clonotype}, {@code clone_size}: cells whose main chains have the same
 *     (TRA cdr3_nt, TRB cdr3_nt) pair, within one clone group, form a clonotype; a cell with one
 *     locus only is keyed with the other chain empty (it is not merged into paired clonotypes:
 *     which paired clone it belongs to would be a guess). Ids are {@code <group>_clonotype<k>}
 *     ({@code clonotype<k>} for an empty group), k = 1 for the largest clone of the group, ties in
 *     size ordered by TRB then TRA nucleotide sequence. {@code clone_size} is the number of cells
 *     of the clonotype in the data. Missing for cells without TCR.</li>
 * <li>{@code raw_clonotype_id}: Cell Ranger's own clonotype of the barcode, for reference.</li>
 * </ul>
 *
 * <p><b>Why not Cell Ranger's raw_clonotype_id as the clonotype.</b> Its ids are numbered per
 * Cell Ranger run, so the same clone gets different ids in a patient's pre- and on-treatment
 * samples and clones cannot be followed over time or pooled per patient. Keying by nucleotide
 * CDR3 pairs is deterministic, comparable across files, and makes the clone group a choice:
 * the sample (default) or the patient (pass the same group for all of a patient's samples).
 *
 * <p><b>Barcodes.</b> Contig barcodes are turned into obs names by each source's mapping
 * (identity, prefix such as {@code "P01_pre_"}, suffix such as {@code "-P01_pre"} as made by
 * anndata's {@code concat(index_unique="-")}). A source none of whose barcodes match a cell is
 * an error naming the contig file (usually the wrong file pair); a partial match is counted in
 * the result's summary and warnings (Cell Ranger's V(D)J cell calling differs slightly from the
 * expression one, so a few percent unmatched is normal).
 */
public final class TcrMerge {
    private TcrMerge() {
    }

    /**
     * One contig file to merge.
     *
     * @param group clone group: clonotypes are defined and counted within it (sample or patient id)
     * @param contigs the file's contigs
     * @param obsName contig barcode to obs name
     */
    public record Source(String group, Contigs contigs, UnaryOperator<String> obsName) {
        public Source {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(contigs, "contigs");
            Objects.requireNonNull(obsName, "obsName");
        }

        /** Barcodes used as obs names unchanged; clone group "". */
        public static Source of(Contigs contigs) {
            return new Source("", contigs, UnaryOperator.identity());
        }

        /** Obs names are {@code prefix + barcode}. */
        public static Source prefixed(String group, Contigs contigs, String prefix) {
            return new Source(group, contigs, b -> prefix + b);
        }

        /** Obs names are {@code barcode + suffix} (anndata.concat with index_unique). */
        public static Source suffixed(String group, Contigs contigs, String suffix) {
            return new Source(group, contigs, b -> b + suffix);
        }
    }

    /**
     * How one source matched.
     *
     * @param contigBarcodes distinct barcodes in the contig file
     * @param matchedBarcodes of those, barcodes that are cells of the data
     * @param cellsWithTcr matched cells with at least one used contig
     */
    public record SourceSummary(Path file, String group, int contigBarcodes, int matchedBarcodes, int cellsWithTcr) {
        public int unmatchedBarcodes() {
            return contigBarcodes - matchedBarcodes;
        }
    }

    /** The data with the new obs columns, one summary per source, and warnings for partial matches. */
    public record Result(AnnData adata, List<SourceSummary> summaries, List<String> warnings) {
        public Result {
            summaries = List.copyOf(summaries);
            warnings = List.copyOf(warnings);
        }
    }

    /** One sample: contig barcodes are the obs names. */
    public static Result merge(AnnData adata, Contigs contigs) {
        return merge(adata, List.of(Source.of(contigs)));
    }

    public static Result merge(AnnData adata, List<Source> sources) {
        int n = adata.nObs();
        Map<String, Integer> index = adata.obsIndex();
        Contig[] tra = new Contig[n];
        Contig[] trb = new Contig[n];
        int[] nTra = new int[n];
        int[] nTrb = new int[n];
        String[] rawClonotype = new String[n];
        String[] group = new String[n];
        Source[] owner = new Source[n];
        List<SourceSummary> summaries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Source src : sources) {
            Set<String> barcodes = new LinkedHashSet<>();
            Set<String> matched = new LinkedHashSet<>();
            for (Contig c : src.contigs().contigs()) {
                barcodes.add(c.barcode());
                Integer row = index.get(src.obsName().apply(c.barcode()));
                if (row == null) {
                    continue;
                }
                if (matched.add(c.barcode())) {
                    if (owner[row] != null) {
                        throw BadInputException.file(src.contigs().source(), "cell '" + adata.obsNames().get(row)
                                        + "' also gets contigs from " + owner[row].contigs().source(),
                                "each cell's contigs must come from one file; check for a sample listed twice or a "
                                        + "missing barcode prefix");
                    }
                    owner[row] = src;
                    group[row] = src.group();
                }
                if (c.rawClonotypeId() != null && rawClonotype[row] == null) {
                    rawClonotype[row] = c.rawClonotypeId();
                }
                if (!usable(c)) {
                    continue;
                }
                if (c.chain().equals("TRA")) {
                    nTra[row]++;
                    tra[row] = better(tra[row], c);
                } else {
                    nTrb[row]++;
                    trb[row] = better(trb[row], c);
                }
            }
            if (!barcodes.isEmpty() && matched.isEmpty()) {
                String firstBarcode = barcodes.iterator().next();
                throw BadInputException.file(src.contigs().source(), "none of the " + barcodes.size()
                                + " cell barcodes in this contig file is a cell of the expression data (first contig "
                                + "barcode '" + firstBarcode + "' looked up as '" + src.obsName().apply(firstBarcode)
                                + "'; first cell '" + (n == 0 ? "(no cells)" : adata.obsNames().get(0)) + "')",
                        "wrong file pair? check that the contig file belongs to this expression sample and that the "
                                + "barcode prefix/suffix matches how the cells were named");
            }
            int withTcr = 0;
            for (String b : matched) {
                int row = index.get(src.obsName().apply(b));
                if (tra[row] != null || trb[row] != null) {
                    withTcr++;
                }
            }
            SourceSummary s = new SourceSummary(src.contigs().source(), src.group(), barcodes.size(), matched.size(),
                    withTcr);
            summaries.add(s);
            if (s.unmatchedBarcodes() > 0) {
                warnings.add(src.contigs().name() + (src.group().isEmpty() ? "" : " (" + src.group() + ")") + ": "
                        + s.unmatchedBarcodes() + " of " + s.contigBarcodes()
                        + " contig barcodes are not cells of the expression data and were left out");
            }
        }
        return new Result(withColumns(adata, tra, trb, nTra, nTrb, rawClonotype, group), summaries, warnings);
    }

    static boolean usable(Contig c) {
        return c.isProductive()
                && ("TRA".equals(c.chain()) || "TRB".equals(c.chain()))
                && c.cdr3() != null && c.cdr3Nt() != null
                && !Boolean.FALSE.equals(c.isCell())
                && !Boolean.FALSE.equals(c.highConfidence());
    }

    /** More UMIs, then more reads, then the smaller contig id. */
    static final Comparator<Contig> PREFERENCE = Comparator.comparingLong(Contig::umis).reversed()
            .thenComparing(Comparator.comparingLong(Contig::reads).reversed())
            .thenComparing(Contig::contigId);

    private static Contig better(Contig current, Contig candidate) {
        return current == null || PREFERENCE.compare(candidate, current) < 0 ? candidate : current;
    }

    private record CloneKey(String group, String traNt, String trbNt) {
    }

    private static AnnData withColumns(AnnData adata, Contig[] tra, Contig[] trb, int[] nTra, int[] nTrb,
                                       String[] rawClonotype, String[] group) {
        int n = adata.nObs();
        Map<CloneKey, Integer> sizes = new HashMap<>();
        CloneKey[] keys = new CloneKey[n];
        for (int i = 0; i < n; i++) {
            if (tra[i] != null || trb[i] != null) {
                keys[i] = new CloneKey(group[i], tra[i] == null ? "" : tra[i].cdr3Nt(), trb[i] == null ? "" : trb[i].cdr3Nt());
                sizes.merge(keys[i], 1, Integer::sum);
            }
        }
        Map<CloneKey, String> ids = clonotypeIds(sizes);
        StringColumn traAa = StringColumn.create("TRA_cdr3");
        StringColumn traNt = StringColumn.create("TRA_cdr3_nt");
        StringColumn trbAa = StringColumn.create("TRB_cdr3");
        StringColumn trbNt = StringColumn.create("TRB_cdr3_nt");
        StringColumn clonotype = StringColumn.create("clonotype");
        StringColumn raw = StringColumn.create("raw_clonotype_id");
        IntColumn cloneSize = IntColumn.create("clone_size", n);
        boolean[] hasTcr = new boolean[n];
        for (int i = 0; i < n; i++) {
            append(traAa, tra[i] == null ? null : tra[i].cdr3());
            append(traNt, tra[i] == null ? null : tra[i].cdr3Nt());
            append(trbAa, trb[i] == null ? null : trb[i].cdr3());
            append(trbNt, trb[i] == null ? null : trb[i].cdr3Nt());
            append(raw, rawClonotype[i]);
            hasTcr[i] = keys[i] != null;
            append(clonotype, hasTcr[i] ? ids.get(keys[i]) : null);
            if (hasTcr[i]) {
                cloneSize.set(i, sizes.get(keys[i]));
            } else {
                cloneSize.setMissing(i);
            }
        }
        AnnData out = adata;
        out = out.withObsColumn(traAa).withObsColumn(traNt).withObsColumn(trbAa).withObsColumn(trbNt);
        out = out.withObsColumn(IntColumn.create("n_TRA", nTra)).withObsColumn(IntColumn.create("n_TRB", nTrb));
        out = out.withObsColumn(BooleanColumn.create("has_tcr", hasTcr));
        return out.withObsColumn(clonotype).withObsColumn(cloneSize).withObsColumn(raw);
    }

    private static void append(StringColumn c, String v) {
        if (v == null) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }

    private static Map<CloneKey, String> clonotypeIds(Map<CloneKey, Integer> sizes) {
        List<CloneKey> order = new ArrayList<>(sizes.keySet());
        order.sort(Comparator.comparing(CloneKey::group)
                .thenComparing(k -> -sizes.get(k))
                .thenComparing(CloneKey::trbNt)
                .thenComparing(CloneKey::traNt));
        Map<CloneKey, String> ids = new HashMap<>();
        String currentGroup = null;
        int k = 0;
        for (CloneKey key : order) {
            if (!key.group().equals(currentGroup)) {
                currentGroup = key.group();
                k = 0;
            }
            k++;
            ids.put(key, (key.group().isEmpty() ? "" : key.group() + "_") + "clonotype" + k);
        }
        return ids;
    }
}
