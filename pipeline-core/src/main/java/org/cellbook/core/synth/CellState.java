package org.cellbook.core.synth;

import java.util.List;

/**
 * The cell types and states of the synthetic cohort, with their marker genes, their share of a
 * non-responder's pre-treatment sample, and, for T cells, how often a cell belongs to an
 * expanded clone.
 */
public enum CellState {
    CD4_NAIVE("CD4 naive T", Lineage.T, 0.10, 0.02,
            List.of("CD4", "CCR7", "SELL", "LEF1", "TCF7", "IL7R")),
    CD4_MEMORY("CD4 memory T", Lineage.T, 0.14, 0.15,
            List.of("CD4", "IL7R", "ANXA1", "CD40LG", "GPR183")),
    CD4_TREG("CD4 regulatory T", Lineage.T, 0.06, 0.15,
            List.of("CD4", "FOXP3", "IL2RA", "CTLA4", "IKZF2")),
    CD8_NAIVE("CD8 naive T", Lineage.T, 0.07, 0.03,
            List.of("CD8A", "CD8B", "CCR7", "SELL", "LEF1", "TCF7")),
    CD8_MEMORY("CD8 effector memory T", Lineage.T, 0.12, 0.35,
            List.of("CD8A", "CD8B", "GZMK", "CCL5", "CXCR3", "EOMES")),
    CD8_EFFECTOR("CD8 cytotoxic effector T", Lineage.T, 0.09, 0.60,
            List.of("CD8A", "CD8B", "GZMB", "PRF1", "GNLY", "NKG7", "GZMH", "CX3CR1", "FGFBP2", "CCL5")),
    CD8_EXHAUSTED("CD8 exhausted T", Lineage.T, 0.12, 0.60,
            List.of("CD8A", "CD8B", "PDCD1", "HAVCR2", "LAG3", "TOX", "CXCL13", "ENTPD1", "TIGIT", "CTLA4")),
    NK("NK cell", Lineage.NK, 0.08, 0,
            List.of("NCAM1", "KLRD1", "KLRF1", "NKG7", "GNLY", "FCGR3A", "PRF1", "GZMB")),
    B("B cell", Lineage.B, 0.10, 0,
            List.of("MS4A1", "CD79A", "CD79B", "CD19", "BANK1", "IGHM", "IGKC")),
    MONOCYTE("Monocyte", Lineage.MYELOID, 0.12, 0,
            List.of("CD14", "LYZ", "S100A8", "S100A9", "FCN1", "VCAN", "CST3", "CSF1R"));

    /** Broad lineage: shares an expression programme. */
    public enum Lineage { T, NK, B, MYELOID }

    /**
     * The interferon-gamma response programme of responders' inflamed tumours (after the IFN-gamma
     * and T-cell-inflamed gene-expression profiles of Ayers et al., J Clin Invest 2017, which predict
     * response to PD-1 blockade): interferon-stimulated genes, MHC class II and PD-L1. Off (at the
     * marker background) in every state; on in the cells {@link SyntheticCohort} picks.
     */
    static final List<String> RESPONSE_PROGRAMME = List.of("STAT1", "IRF1", "ISG15", "IFI6", "IFIT3", "MX1", "GBP1",
            "GBP5", "HLA-DRA", "CD274", "IDO1", "CXCL10");

    /** Genes every T cell expresses (CD3 complex, TCR constant regions). */
    static final List<String> T_CELL_MARKERS = List.of("CD3D", "CD3E", "CD3G", "CD2", "TRAC", "TRBC1", "TRBC2");

    private final String label;
    private final Lineage lineage;
    private final double baseShare;
    private final double expandedFraction;
    private final List<String> markers;

    CellState(String label, Lineage lineage, double baseShare, double expandedFraction, List<String> markers) {
        this.label = label;
        this.lineage = lineage;
        this.baseShare = baseShare;
        this.expandedFraction = expandedFraction;
        this.markers = markers;
    }

    public String label() {
        return label;
    }

    public Lineage lineage() {
        return lineage;
    }

    public boolean isTCell() {
        return lineage == Lineage.T;
    }

    public boolean isCd8() {
        return name().startsWith("CD8");
    }

    /** Share in a non-responder's pre-treatment sample before patient variation (shares sum to 1). */
    double baseShare() {
        return baseShare;
    }

    /** Probability that a T cell with a receptor belongs to one of the patient's expanded clones. */
    double expandedFraction() {
        return expandedFraction;
    }

    /** State-specific marker genes (T cells also express {@link #T_CELL_MARKERS}). */
    List<String> markers() {
        return markers;
    }
}
