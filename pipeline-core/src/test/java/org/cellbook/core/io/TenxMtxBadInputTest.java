package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per way a Cell Ranger matrix directory can be broken: each error names the file (and line) and says what to do. */
class TenxMtxBadInputTest {
    private static final String MATRIX = """
            %%MatrixMarket matrix coordinate integer general
            %metadata_json: {"format_version": 2}
            3 2 4
            1 1 5
            3 1 1
            2 2 7
            3 2 2
            """;
    private static final String FEATURES = """
            G1\tA\tGene Expression
            G2\tB\tGene Expression
            G3\tC\tAntibody Capture
            """;
    private static final String BARCODES = "AAAC-1\nAAAG-1\n";

    @TempDir
    Path dir;

    private Path write(String matrix, String features, String barcodes) throws IOException {
        Files.writeString(dir.resolve("matrix.mtx"), matrix);
        Files.writeString(dir.resolve("features.tsv"), features);
        Files.writeString(dir.resolve("barcodes.tsv"), barcodes);
        return dir;
    }

    private BadInputException fails(String fileName) {
        BadInputException e = assertThrows(BadInputException.class, () -> TenxMtxReader.read(dir));
        assertTrue(e.getMessage().contains(dir.resolve(fileName).toString()), "names the file: " + e.getMessage());
        return e;
    }

    private static void saysWhatToDo(BadInputException e, String advice) {
        assertTrue(e.getMessage().contains(advice), "says what to do (" + advice + "): " + e.getMessage());
    }

    @Test
    void theValidFixtureReads() throws IOException {
        write(MATRIX, FEATURES, BARCODES);
        AnnData a = TenxMtxReader.read(dir);
        assertEquals(2, a.nObs());
        assertEquals(2, a.nVars(), "the Antibody Capture feature is dropped");
        assertEquals(5f, a.x().get(0, 0));
        assertEquals(7f, a.x().get(1, 1));
    }

    @Test
    void truncatedMatrixWithFewerEntriesThanDeclared() throws IOException {
        write(MATRIX.substring(0, MATRIX.indexOf("2 2 7")), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:5:") && e.getMessage().contains("2 of the 4 entries"), e.getMessage());
        saysWhatToDo(e, "re-copy");
    }

    @Test
    void malformedEntryLine() throws IOException {
        write(MATRIX.replace("2 2 7", "2 two 7"), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:6:") && e.getMessage().contains("'2 two 7'"), e.getMessage());
        saysWhatToDo(e, "re-export");
    }

    @Test
    void nonIntegerValueInAnIntegerMatrix() throws IOException {
        write(MATRIX.replace("2 2 7", "2 2 7.5"), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:6:"), e.getMessage());
    }

    @Test
    void indexOutOfRange() throws IOException {
        write(MATRIX.replace("3 2 2", "4 2 2"), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:7:") && e.getMessage().contains("(4, 2)")
                && e.getMessage().contains("3 x 2"), e.getMessage());
        saysWhatToDo(e, "re-export");
    }

    @Test
    void zeroIndexIsOutOfRangeToo() throws IOException {
        write(MATRIX.replace("1 1 5", "0 1 5"), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:4:") && e.getMessage().contains("1-based"), e.getMessage());
    }

    @Test
    void moreEntriesThanDeclared() throws IOException {
        write(MATRIX + "1 2 9\n", FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:8:") && e.getMessage().contains("more entries"), e.getMessage());
    }

    @Test
    void missingBannerLine() throws IOException {
        write(MATRIX.substring(MATRIX.indexOf('\n') + 1), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:1:") && e.getMessage().contains("banner"), e.getMessage());
        saysWhatToDo(e, "%%MatrixMarket matrix coordinate integer general");
    }

    @Test
    void garbledBannerLine() throws IOException {
        write(MATRIX.replace("%%MatrixMarket matrix coordinate", "%%MatrixMaket matrix coordnate"), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:1:") && e.getMessage().contains("garbled"), e.getMessage());
    }

    @Test
    void garbledSizeLine() throws IOException {
        write(MATRIX.replace("3 2 4", "3 2"), FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:3:") && e.getMessage().contains("size line"), e.getMessage());
        saysWhatToDo(e, "rows columns entries");
    }

    @Test
    void emptyMatrixFile() throws IOException {
        write("", FEATURES, BARCODES);
        BadInputException e = fails("matrix.mtx");
        assertTrue(e.getMessage().contains("matrix.mtx:1:") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void featureCountDoesNotMatchTheMatrix() throws IOException {
        write(MATRIX, FEATURES + "G4\tD\tGene Expression\n", BARCODES);
        BadInputException e = fails("features.tsv");
        assertTrue(e.getMessage().contains("has 4 lines") && e.getMessage().contains("declares 3"), e.getMessage());
        saysWhatToDo(e, "same Cell Ranger output");
    }

    @Test
    void barcodeCountDoesNotMatchTheMatrix() throws IOException {
        write(MATRIX, FEATURES, "AAAC-1\n");
        BadInputException e = fails("barcodes.tsv");
        assertTrue(e.getMessage().contains("has 1 lines") && e.getMessage().contains("declares 2"), e.getMessage());
        saysWhatToDo(e, "same Cell Ranger output");
    }

    @Test
    void featureLineWithTooFewColumns() throws IOException {
        write(MATRIX, FEATURES.replace("G2\tB\tGene Expression", "G2 B"), BARCODES);
        BadInputException e = fails("features.tsv");
        assertTrue(e.getMessage().contains("features.tsv:2:") && e.getMessage().contains("3 tab-separated columns"),
                e.getMessage());
    }

    @Test
    void repeatedBarcodes() throws IOException {
        write(MATRIX, FEATURES, "AAAC-1\nAAAC-1\n");
        BadInputException e = fails("barcodes.tsv");
        assertTrue(e.getMessage().contains("AAAC-1"), e.getMessage());
    }

    @Test
    void truncatedGzipMatrix() throws IOException {
        StringBuilder big = new StringBuilder("%%MatrixMarket matrix coordinate integer general\n3 2 20000\n");
        for (int i = 0; i < 20000; i++) {
            big.append(i % 3 + 1).append(' ').append(i % 2 + 1).append(' ').append(i).append('\n');
        }
        write(MATRIX, FEATURES, BARCODES);
        Files.delete(dir.resolve("matrix.mtx"));
        byte[] gz = gzip(big.toString());
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
        Files.write(dir.resolve("matrix.mtx.gz"), truncated);
        BadInputException e = fails("matrix.mtx.gz");
        // The error sits on the first line the truncated stream cannot complete.
        long completeLines = completeLinesBeforeTheBreak(truncated);
        assertTrue(completeLines > 2, "the fixture must break inside the data");
        assertTrue(e.getMessage().contains("matrix.mtx.gz:" + (completeLines + 1) + ": the gzip stream ends early"),
                e.getMessage());
        saysWhatToDo(e, "re-copy");
    }

    @Test
    void truncatedGzipBarcodes() throws IOException {
        write(MATRIX, FEATURES, BARCODES);
        Files.delete(dir.resolve("barcodes.tsv"));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append("BARCODE-").append(i).append('\n');
        }
        byte[] gz = gzip(many.toString());
        Files.write(dir.resolve("barcodes.tsv.gz"), Arrays.copyOf(gz, gz.length - 12));
        BadInputException e = fails("barcodes.tsv.gz");
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
        saysWhatToDo(e, "re-copy");
    }

    @Test
    void missingBarcodesFile() throws IOException {
        write(MATRIX, FEATURES, BARCODES);
        Files.delete(dir.resolve("barcodes.tsv"));
        BadInputException e = assertThrows(BadInputException.class, () -> TenxMtxReader.read(dir));
        assertTrue(e.getMessage().startsWith(dir.toString()) && e.getMessage().contains("no barcodes.tsv"), e.getMessage());
        assertTrue(e.getMessage().contains("found: features.tsv, matrix.mtx"), "lists what is there: " + e.getMessage());
        saysWhatToDo(e, "copy the complete Cell Ranger output directory");
    }

    @Test
    void missingMatrixFile() throws IOException {
        write(MATRIX, FEATURES, BARCODES);
        Files.delete(dir.resolve("matrix.mtx"));
        BadInputException e = assertThrows(BadInputException.class, () -> TenxMtxReader.read(dir));
        assertTrue(e.getMessage().startsWith(dir.toString()) && e.getMessage().contains("no matrix.mtx"), e.getMessage());
        saysWhatToDo(e, "filtered_feature_bc_matrix");
    }

    @Test
    void severalGenomeDirectories() throws IOException {
        for (String genome : new String[] {"hg19", "mm10"}) {
            Path g = Files.createDirectories(dir.resolve(genome));
            Files.writeString(g.resolve("matrix.mtx"), MATRIX);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> TenxMtxReader.read(dir));
        assertTrue(e.getMessage().contains("[hg19, mm10]") && e.getMessage().contains(dir.resolve("hg19").toString()),
                e.getMessage());
    }

    private static long completeLinesBeforeTheBreak(byte[] gz) {
        long lines = 0;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            int b;
            while ((b = in.read()) >= 0) {
                lines += b == '\n' ? 1 : 0;
            }
        } catch (IOException expected) {
            return lines;
        }
        throw new AssertionError("the truncated fixture decompressed without error");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
