package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level MatrixMarket parser against a plain String.split oracle written here, on inputs
 * that cross buffer boundaries, come unsorted, repeat coordinates or use unusual number spellings.
 */
class MatrixMarketReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Reference: split each line, parse with the JDK, transpose, sum duplicates. */
    private static CsrMatrix oracle(String text, boolean integer) {
        String[] lines = text.split("\r?\n");
        int i = 0;
        while (lines[i].startsWith("%") || lines[i].isBlank()) {
            i++;
        }
        String[] size = lines[i++].trim().split("\\s+");
        int rows = Integer.parseInt(size[0]);
        int cols = Integer.parseInt(size[1]);
        List<java.util.TreeMap<Integer, Float>> byCell = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            byCell.add(new java.util.TreeMap<>());
        }
        for (; i < lines.length; i++) {
            if (lines[i].isBlank() || lines[i].startsWith("%")) {
                continue;
            }
            String[] t = lines[i].trim().split("\\s+");
            float v = t.length < 3 ? 1f : integer ? (float) Long.parseLong(t[2]) : (float) Double.parseDouble(t[2]);
            byCell.get(Integer.parseInt(t[1]) - 1).merge(Integer.parseInt(t[0]) - 1, v, Float::sum);
        }
        CsrMatrix.Builder b = new CsrMatrix.Builder(rows);
        for (var cell : byCell) {
            int[] idx = cell.keySet().stream().mapToInt(Integer::intValue).toArray();
            float[] val = new float[idx.length];
            int k = 0;
            for (float v : cell.values()) {
                val[k++] = v;
            }
            b.addSortedRow(idx, val, 0, idx.length);
        }
        return b.build();
    }

    private static String randomMatrix(Random rnd, int rows, int cols, int entries, boolean shuffle,
                                       java.util.function.Supplier<String> value, String field) {
        List<String> lines = new ArrayList<>();
        for (int e = 0; e < entries; e++) {
            // Sorted by cell like Cell Ranger unless shuffled; duplicates happen by chance.
            int cell = shuffle ? rnd.nextInt(cols) : (int) ((long) e * cols / entries);
            lines.add((rnd.nextInt(rows) + 1) + " " + (cell + 1) + " " + value.get());
        }
        if (shuffle) {
            Collections.shuffle(lines, rnd);
        }
        return "%%MatrixMarket matrix coordinate " + field + " general\n%\n" + rows + " " + cols + " " + entries + "\n"
                + String.join("\n", lines) + "\n";
    }

    @Test
    void largeIntegerFileAcrossManyBuffersMatchesTheOracle() throws IOException {
        Random rnd = new Random(1);
        String text = randomMatrix(rnd, 3000, 2000, 180_000, false, () -> Integer.toString(rnd.nextInt(500)), "integer");
        assertTrue(text.length() > 2 * (1 << 20), "must span several 1 MiB buffers");
        assertEquals(oracle(text, true), MatrixMarketReader.readTransposed(file("big.mtx", text)));
    }

    @Test
    void unsortedEntriesAndDuplicatesAreSortedAndSummed() throws IOException {
        Random rnd = new Random(2);
        String text = randomMatrix(rnd, 50, 40, 5000, true, () -> Integer.toString(rnd.nextInt(9) - 2), "integer");
        CsrMatrix m = MatrixMarketReader.readTransposed(file("shuffled.mtx", text));
        assertEquals(oracle(text, true), m);
        assertTrue(m.nnz() < 5000, "the fixture must contain duplicate coordinates");
    }

    @Test
    void realValuesInEverySpellingRoundLikeNumpy() throws IOException {
        Random rnd = new Random(3);
        String[] spellings = {"%s", "%.3f", "%.17g", "%e", "%.0f", "%.1E"};
        java.util.function.Supplier<String> value = () -> {
            double v = Math.pow(10, rnd.nextInt(40) - 20) * rnd.nextGaussian();
            String s = String.format(java.util.Locale.ROOT, spellings[rnd.nextInt(spellings.length)], v);
            return rnd.nextInt(10) == 0 ? "+" + s.replace("-", "") : s;
        };
        String text = randomMatrix(rnd, 30, 30, 8_000, false, value, "real");
        assertEquals(oracle(text, false), MatrixMarketReader.readTransposed(file("real.mtx", text)));
    }

    @Test
    void oddButValidNumberForms() throws IOException {
        String text = """
                %%MatrixMarket matrix coordinate real general
                3 1 3
                1 1 .5
                2 1 5.
                3 1 12345678901234567890123
                """;
        CsrMatrix m = MatrixMarketReader.readTransposed(file("odd.mtx", text));
        assertArrayEquals(new float[] {0.5f, 5f, (float) 12345678901234567890123d}, m.dataCopy());
    }

    @Test
    void patternMatricesCrlfCommentsAndBlankLines() throws IOException {
        String text = "%%MatrixMarket matrix coordinate pattern general\r\n% a comment\r\n\r\n2 2 3\r\n1 1\r\n\r\n2 1\r\n2 2";
        CsrMatrix m = MatrixMarketReader.readTransposed(file("pattern.mtx", text));
        assertEquals(oracle(text, true), m);
        assertEquals(3, m.nnz());
    }

    @Test
    void explicitZerosAreKeptAsScipyDoes() throws IOException {
        String text = "%%MatrixMarket matrix coordinate integer general\n2 1 2\n1 1 0\n2 1 4\n";
        CsrMatrix m = MatrixMarketReader.readTransposed(file("zeros.mtx", text));
        assertEquals(2, m.nnz());
        assertArrayEquals(new float[] {0f, 4f}, m.dataCopy());
    }

    @Test
    void emptyMatrix() throws IOException {
        CsrMatrix m = MatrixMarketReader.readTransposed(file("empty.mtx",
                "%%MatrixMarket matrix coordinate integer general\n4 3 0\n"));
        assertEquals(3, m.nRows());
        assertEquals(4, m.nCols());
        assertEquals(0, m.nnz());
    }

    @Test
    void gzippedFileReadsTheSameAsPlain() throws IOException {
        Random rnd = new Random(4);
        String text = randomMatrix(rnd, 100, 100, 50_000, false, () -> Integer.toString(rnd.nextInt(50)), "integer");
        Path gz = dir.resolve("m.mtx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(MatrixMarketReader.readTransposed(file("m.mtx", text)), MatrixMarketReader.readTransposed(gz));
    }

    @Test
    void symmetricMatricesAreRejected() throws IOException {
        Path f = file("sym.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 1 1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> MatrixMarketReader.readTransposed(f));
        assertTrue(e.getMessage().contains(f + ":1:") && e.getMessage().contains("symmetric"), e.getMessage());
    }

    @Test
    void aSizeLinePromisingMoreThanTheFileCanHoldFailsBeforeAllocating() throws IOException {
        Path f = file("huge.mtx", "%%MatrixMarket matrix coordinate integer general\n10 10 2000000000\n1 1 1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> MatrixMarketReader.readTransposed(f));
        assertTrue(e.getMessage().contains(f + ":2:") && e.getMessage().contains("promises 2000000000 entries"),
                e.getMessage());
    }
}
