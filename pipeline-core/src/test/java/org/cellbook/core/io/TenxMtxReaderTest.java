package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options and layouts of read_10x_mtx that the shared real data does not cover. */
class TenxMtxReaderTest {
    private static final String MATRIX = """
            %%MatrixMarket matrix coordinate integer general
            3 2 3
            1 1 5
            2 2 7
            3 2 2
            """;
    private static final String FEATURES = "G1\tTNF\tGene Expression\nG2\tTNF\tGene Expression\nG3\tCD3\tAntibody Capture\n";

    @TempDir
    Path dir;

    private void write(String name, String text, boolean gzip) throws IOException {
        if (!gzip) {
            Files.writeString(dir.resolve(name), text);
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void prefixedFilesAndMixedCompression() throws IOException {
        write("s1_matrix.mtx", MATRIX, true);
        write("s1_features.tsv", FEATURES, false);
        write("s1_barcodes.tsv", "A-1\nB-1\n", true);
        AnnData a = TenxMtxReader.read(dir, TenxMtxReader.Options.defaults().withPrefix("s1_"));
        assertEquals(List.of("A-1", "B-1"), a.obsNames());
        assertEquals(List.of("TNF", "TNF-1"), a.varNames(), "made unique before the Gene Expression filter");
        assertEquals(List.of("G1", "G2"), a.var().stringColumn("gene_ids").asList());
        assertEquals(List.of("Gene Expression", "Gene Expression"), a.var().stringColumn("feature_types").asList());
    }

    @Test
    void duplicateSymbolsWithoutMakeUniqueAreRefusedWithAdvice() throws IOException {
        write("matrix.mtx", MATRIX, false);
        write("features.tsv", FEATURES, false);
        write("barcodes.tsv", "A-1\nB-1\n", false);
        BadInputException e = assertThrows(BadInputException.class,
                () -> TenxMtxReader.read(dir, TenxMtxReader.Options.defaults().withMakeUnique(false)));
        assertTrue(e.getMessage().contains("[TNF]") && e.getMessage().contains("makeUnique=true"), e.getMessage());
    }

    @Test
    void geneIdsAsNamesKeepSymbolsInAColumn() throws IOException {
        write("matrix.mtx", MATRIX, false);
        write("features.tsv", FEATURES, false);
        write("barcodes.tsv", "A-1\nB-1\n", false);
        AnnData a = TenxMtxReader.read(dir, TenxMtxReader.Options.defaults()
                .withVarNames(TenxMtxReader.VarNames.GENE_IDS).withGexOnly(false));
        assertEquals(List.of("G1", "G2", "G3"), a.varNames());
        assertEquals(List.of("gene_symbols", "feature_types"), a.var().columnNames());
    }

    @Test
    void barcodesAreSplitOnCommasAndBlankLinesSkippedAsPandasDoes() throws IOException {
        write("matrix.mtx", MATRIX, false);
        write("features.tsv", FEATURES, false);
        write("barcodes.tsv", "A-1,extra\n\nB-1\n", false);
        assertEquals(List.of("A-1", "B-1"), TenxMtxReader.read(dir).obsNames());
    }
}
