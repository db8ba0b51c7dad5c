package org.cellbook.core.tcr;

import java.util.Objects;

/**
 * One row of a Cell Ranger contig annotation file ({@code filtered_contig_annotations.csv} or
 * {@code all_contig_annotations.csv}): an assembled V(D)J transcript of one cell barcode.
 *
 * <p>Missing values are {@code null}: Cell Ranger and the tools that rewrite its files spell
 * them "", "None" or "NA" (for example {@code d_gene} of a TRA chain, {@code cdr3} of a contig
 * without a junction). Flags are {@code Boolean}, null when the file says None/NA or lacks the
 * column. {@code regions} holds the framework/CDR1/CDR2 sequences that Cell Ranger 4+ writes
 * and is null for files in the older 18-column layout.
 *
 * @param barcode cell barcode as written in the file (e.g. {@code AAACCTGAGAGCTGGT-1})
 * @param isCell Cell Ranger called the barcode a cell
 * @param contigId unique contig name ({@code <barcode>_contig_<n>})
 * @param highConfidence the assembly is high confidence
 * @param length contig length in bases, null when absent
 * @param chain TRA, TRB, TRG, TRD, IGH, IGK, IGL or Multi; null for None
 * @param fullLength the contig spans V start to C
 * @param productive full length, in frame, no stop codon, has a CDR3
 * @param cdr3 CDR3 amino acids (IMGT junction: starts with C, ends with F/W)
 * @param cdr3Nt CDR3 nucleotides
 * @param reads reads supporting the contig
 * @param umis UMIs supporting the contig
 * @param exactSubclonotypeId Cell Ranger 4+ only
 */
public record Contig(
        String barcode,
        Boolean isCell,
        String contigId,
        Boolean highConfidence,
        Integer length,
        String chain,
        String vGene,
        String dGene,
        String jGene,
        String cGene,
        Boolean fullLength,
        Boolean productive,
        String cdr3,
        String cdr3Nt,
        long reads,
        long umis,
        String rawClonotypeId,
        String rawConsensusId,
        String exactSubclonotypeId,
        Regions regions) {

    public Contig {
        Objects.requireNonNull(barcode, "barcode");
        Objects.requireNonNull(contigId, "contigId");
    }

    /** Framework and CDR1/CDR2 sequences (amino acids and nucleotides) of the Cell Ranger 4+ layout; any may be null. */
    public record Regions(
            String fwr1, String fwr1Nt,
            String cdr1, String cdr1Nt,
            String fwr2, String fwr2Nt,
            String cdr2, String cdr2Nt,
            String fwr3, String fwr3Nt,
            String fwr4, String fwr4Nt) {
    }

    /** True only when the file says the contig is productive (None and missing count as not). */
    public boolean isProductive() {
        return Boolean.TRUE.equals(productive);
    }
}
