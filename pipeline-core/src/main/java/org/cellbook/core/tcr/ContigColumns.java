package org.cellbook.core.tcr;

import java.util.List;
import java.util.function.Function;

/** Column names of Cell Ranger's contig annotation CSV files, old and new layout. */
public final class ContigColumns {
    private ContigColumns() {
    }

    /** The 18 columns of Cell Ranger 2.x/3.x. */
    public static final List<String> OLD_LAYOUT = List.of(
            "barcode", "is_cell", "contig_id", "high_confidence", "length", "chain", "v_gene", "d_gene", "j_gene",
            "c_gene", "full_length", "productive", "cdr3", "cdr3_nt", "reads", "umis", "raw_clonotype_id",
            "raw_consensus_id");

    /** The 31 columns of Cell Ranger 4 and later (adds framework/CDR regions and exact_subclonotype_id). */
    public static final List<String> NEW_LAYOUT = List.of(
            "barcode", "is_cell", "contig_id", "high_confidence", "length", "chain", "v_gene", "d_gene", "j_gene",
            "c_gene", "full_length", "productive", "fwr1", "fwr1_nt", "cdr1", "cdr1_nt", "fwr2", "fwr2_nt", "cdr2",
            "cdr2_nt", "fwr3", "fwr3_nt", "cdr3", "cdr3_nt", "fwr4", "fwr4_nt", "reads", "umis", "raw_clonotype_id",
            "raw_consensus_id", "exact_subclonotype_id");

    /**
     * Columns a file must have: what identifies a contig and what the TCR merge reads. The
     * others are optional so files trimmed by other tools still load (their fields become null).
     */
    public static final List<String> REQUIRED = List.of(
            "barcode", "contig_id", "chain", "productive", "cdr3", "cdr3_nt", "reads", "umis");

    /** Getter for a text column, or null for a column {@link Contig} does not hold as text. */
    static Function<Contig, String> textGetter(String column) {
        return switch (column) {
            case "barcode" -> Contig::barcode;
            case "contig_id" -> Contig::contigId;
            case "chain" -> Contig::chain;
            case "v_gene" -> Contig::vGene;
            case "d_gene" -> Contig::dGene;
            case "j_gene" -> Contig::jGene;
            case "c_gene" -> Contig::cGene;
            case "cdr3" -> Contig::cdr3;
            case "cdr3_nt" -> Contig::cdr3Nt;
            case "raw_clonotype_id" -> Contig::rawClonotypeId;
            case "raw_consensus_id" -> Contig::rawConsensusId;
            case "exact_subclonotype_id" -> Contig::exactSubclonotypeId;
            case "fwr1" -> region(Contig.Regions::fwr1);
            case "fwr1_nt" -> region(Contig.Regions::fwr1Nt);
            case "cdr1" -> region(Contig.Regions::cdr1);
            case "cdr1_nt" -> region(Contig.Regions::cdr1Nt);
            case "fwr2" -> region(Contig.Regions::fwr2);
            case "fwr2_nt" -> region(Contig.Regions::fwr2Nt);
            case "cdr2" -> region(Contig.Regions::cdr2);
            case "cdr2_nt" -> region(Contig.Regions::cdr2Nt);
            case "fwr3" -> region(Contig.Regions::fwr3);
            case "fwr3_nt" -> region(Contig.Regions::fwr3Nt);
            case "fwr4" -> region(Contig.Regions::fwr4);
            case "fwr4_nt" -> region(Contig.Regions::fwr4Nt);
            default -> null;
        };
    }

    private static Function<Contig, String> region(Function<Contig.Regions, String> get) {
        return c -> c.regions() == null ? null : get.apply(c.regions());
    }
}
