package org.cellbook.core.synth;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.data.CsrMatrix;

/**
 * Writes a Cell Ranger 3+ {@code filtered_feature_bc_matrix} folder: {@code matrix.mtx.gz}
 * (MatrixMarket coordinate integer, genes x barcodes, 1-based, entries ordered by barcode then
 * gene, with Cell Ranger's {@code %metadata_json} comment), {@code features.tsv.gz} (id, symbol,
 * "Gene Expression") and {@code barcodes.tsv.gz}.
 */
final class TenxMatrixWriter {
    private TenxMatrixWriter() {
    }

    static void write(Path dir, List<String> barcodes, List<String> geneIds, List<String> symbols, CsrMatrix counts)
            throws IOException {
        Files.createDirectories(dir);
        try (AsciiOut out = AsciiOut.gzip(new BufferedOutputStream(Files.newOutputStream(dir.resolve("barcodes.tsv.gz"))))) {
            for (String b : barcodes) {
                out.text(b).ch('\n');
            }
        }
        try (AsciiOut out = AsciiOut.gzip(new BufferedOutputStream(Files.newOutputStream(dir.resolve("features.tsv.gz"))))) {
            for (int g = 0; g < geneIds.size(); g++) {
                out.text(geneIds.get(g)).ch('\t').text(symbols.get(g)).ch('\t').text("Gene Expression").ch('\n');
            }
        }
        try (AsciiOut out = AsciiOut.gzip(new BufferedOutputStream(Files.newOutputStream(dir.resolve("matrix.mtx.gz"))))) {
            out.text("%%MatrixMarket matrix coordinate integer general\n");
            out.text("%metadata_json: {\"software_version\": \"cellbook-synth\", \"format_version\": 2}\n");
            out.number(counts.nCols()).ch(' ').number(counts.nRows()).ch(' ').number(counts.nnz()).ch('\n');
            for (int cell = 0; cell < counts.nRows(); cell++) {
                float[] data = counts.rowData(cell);
                int[] idx = counts.rowIndices(cell);
                int off = counts.rowOffset(cell);
                int end = off + counts.rowLength(cell);
                for (int k = off; k < end; k++) {
                    out.number(idx[k] + 1L).ch(' ').number(cell + 1L).ch(' ').number((long) data[k]).ch('\n');
                }
            }
        }
    }
}
