package org.cellbook.core.synth;

import java.util.List;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.tcr.Contig;

/**
 * One generated sample in memory: what {@code cellbook synth} writes, plus the truth behind it.
 *
 * @param barcodes the cells, sorted (as in Cell Ranger's barcodes.tsv)
 * @param states each cell's true state
 * @param lowQuality true for the cells simulated as damaged (high MT fraction, low counts); do not modify
 * @param programme true for the cells showing the response programme ({@link CellState#RESPONSE_PROGRAMME}); do not modify
 * @param counts cells x genes UMI counts
 * @param contigs the filtered contig annotations, sorted by barcode (includes a few barcodes that
 *                are not in {@code barcodes}: cells called by V(D)J only, as in real data)
 */
public record SyntheticSample(SampleInfo info, List<String> barcodes, List<CellState> states, boolean[] lowQuality,
                              boolean[] programme, CsrMatrix counts, List<Contig> contigs) {
    public SyntheticSample {
        barcodes = List.copyOf(barcodes);
        states = List.copyOf(states);
        contigs = List.copyOf(contigs);
    }
}
