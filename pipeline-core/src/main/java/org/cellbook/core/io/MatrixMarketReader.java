package org.cellbook.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;

/**
 * Reads a MatrixMarket coordinate file (Cell Ranger's {@code matrix.mtx}, genes x cells) straight
 * into the transposed CSR matrix scanpy ends up with: one row per mtx column (cell), one column per
 * mtx row (gene), float32 values.
 *
 * <p>Values follow {@code scipy.io.mmread(...).astype("float32")}: {@code integer} entries are
 * parsed as 64-bit integers and {@code real} entries as doubles, then rounded to float32;
 * {@code pattern} entries are 1. Duplicate coordinates are summed (as the COO to CSR conversion
 * does) and explicit zeros are kept. Only {@code general} coordinate matrices are accepted: 10x
 * never writes the others.
 *
 * <p>The data section is parsed from raw bytes (no per-line strings): inputs reach 10^8 entries.
 * Gzip is recognised by its magic bytes. Every problem is a {@link BadInputException} naming the
 * file and line; nothing is returned unless the whole file was read.
 */
public final class MatrixMarketReader {
    /** Longest data line accepted; real entries need well under 100 bytes. */
    private static final int MAX_LINE = 1024;
    private static final int BUFFER = 1 << 20;
    /** Smallest possible entry line ("1 1\n"): bounds how many entries a file of a given size can hold. */
    private static final int MIN_ENTRY_BYTES = 4;
    /** Deflate cannot compress beyond ~1032:1, so a gzip file of n bytes holds at most this many times more. */
    private static final long MAX_GZIP_RATIO = 1032;

    /** The value type declared in the banner. */
    public enum Field { INTEGER, REAL, PATTERN }

    /** The banner and size line. */
    public record Header(Field field, int rows, int cols, long entries) {
    }

    private final Path file;
    private final InputStream in;
    private final boolean gzipped;
    private final byte[] buf = new byte[BUFFER + MAX_LINE + 1];
    private int pos;
    private int limit;
    private boolean eof;
    /** Set when the gzip stream broke; raised once the complete lines before the break are used up. */
    private IOException brokenGzip;
    /** Lines fully consumed so far; the line being parsed is {@code line + 1}. */
    private long line;

    private MatrixMarketReader(Path file) {
        this.file = file;
        InputStream raw = TextInput.openStream(file);
        this.gzipped = raw instanceof GZIPInputStream;
        // Decompression costs about as much as parsing: run it on a second thread.
        this.in = gzipped ? new ReadAheadInputStream(raw, BUFFER, file.getFileName().toString()) : raw;
    }

    /** Reads only the banner and size line (cheap: for dimension checks before the full read). */
    public static Header readHeader(Path file) {
        MatrixMarketReader r = new MatrixMarketReader(file);
        try {
            return r.header();
        } finally {
            r.close();
        }
    }

    /**
     * The matrix transposed: {@code cols x rows} of the file, rows sorted by column index, duplicates
     * summed.
     */
    public static CsrMatrix readTransposed(Path file) {
        MatrixMarketReader r = new MatrixMarketReader(file);
        try {
            Header h = r.header();
            r.checkPlausibleSize(h);
            return r.entries(h);
        } finally {
            r.close();
        }
    }

    // ---------------------------------------------------------------- header

    private Header header() {
        String banner = nextHeaderLine();
        if (banner == null) {
            throw BadInputException.line(file, 1, "empty file, expected a '%%MatrixMarket' banner",
                    "the file is empty or truncated; re-copy it from the Cell Ranger output");
        }
        String[] t = banner.trim().split("\\s+");
        if (!t[0].equalsIgnoreCase("%%MatrixMarket") || t.length != 5) {
            throw bannerError(banner);
        }
        String object = t[1].toLowerCase(Locale.ROOT);
        String format = t[2].toLowerCase(Locale.ROOT);
        String fieldName = t[3].toLowerCase(Locale.ROOT);
        String symmetry = t[4].toLowerCase(Locale.ROOT);
        if (!object.equals("matrix")) {
            throw bannerError(banner);
        }
        if (!format.equals("coordinate")) {
            throw BadInputException.line(file, line, "'" + format + "' MatrixMarket files are not supported",
                    "Cell Ranger writes sparse 'coordinate' files; convert the matrix to coordinate format");
        }
        Field field = switch (fieldName) {
            case "integer" -> Field.INTEGER;
            case "real", "double" -> Field.REAL;
            case "pattern" -> Field.PATTERN;
            default -> throw BadInputException.line(file, line, "unsupported value field '" + fieldName + "'",
                    "expected 'integer', 'real' or 'pattern' (count matrices are never complex)");
        };
        if (!symmetry.equals("general")) {
            throw BadInputException.line(file, line, "unsupported symmetry '" + symmetry + "'",
                    "only 'general' matrices are read (a count matrix is not symmetric); rewrite it as general");
        }
        String size;
        do {
            size = nextHeaderLine();
            if (size == null) {
                throw BadInputException.line(file, line + 1, "missing the size line 'rows columns entries'",
                        "the file is truncated; re-copy it from the Cell Ranger output");
            }
        } while (size.isBlank() || size.startsWith("%"));
        String[] s = size.trim().split("\\s+");
        if (s.length != 3) {
            throw sizeError(size);
        }
        long rows;
        long cols;
        long entries;
        try {
            rows = Long.parseLong(s[0]);
            cols = Long.parseLong(s[1]);
            entries = Long.parseLong(s[2]);
        } catch (NumberFormatException e) {
            throw sizeError(size);
        }
        if (rows < 0 || cols < 0 || entries < 0) {
            throw sizeError(size);
        }
        if (rows > Integer.MAX_VALUE - 8 || cols > Integer.MAX_VALUE - 8) {
            throw BadInputException.line(file, line, "dimensions " + rows + " x " + cols + " are too large",
                    "a matrix may have at most " + (Integer.MAX_VALUE - 8) + " genes and cells");
        }
        if (entries > CsrMatrix.MAX_CHUNK) {
            throw BadInputException.line(file, line, entries + " entries exceed this reader's limit of "
                    + CsrMatrix.MAX_CHUNK, "split the sample or convert it to .h5ad");
        }
        return new Header(field, (int) rows, (int) cols, entries);
    }

    private BadInputException bannerError(String banner) {
        return BadInputException.line(file, line, "garbled MatrixMarket banner '" + abbreviate(banner) + "'",
                "the first line must read like '%%MatrixMarket matrix coordinate integer general'; "
                        + "check that this is the matrix.mtx file and that it is not corrupt");
    }

    private BadInputException sizeError(String size) {
        return BadInputException.line(file, line, "garbled size line '" + abbreviate(size) + "'",
                "expected three non-negative integers 'rows columns entries'");
    }

    /** A header line as text (the header is short, so strings are fine here); null at the end. */
    private String nextHeaderLine() {
        if (!ensure(MAX_LINE)) {
            return null;
        }
        int end = pos;
        while (end < limit && buf[end] != '\n') {
            end++;
        }
        if (end - pos > MAX_LINE) {
            throw BadInputException.line(file, line + 1, "header line longer than " + MAX_LINE + " bytes",
                    "this does not look like a MatrixMarket file; check that it is the matrix.mtx file");
        }
        String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        pos = Math.min(end + 1, limit);
        line++;
        return s;
    }

    private void checkPlausibleSize(Header h) {
        try {
            long bytes = Files.size(file);
            long maxEntries = (gzipped ? bytes * MAX_GZIP_RATIO : bytes) / MIN_ENTRY_BYTES;
            if (h.entries() > maxEntries) {
                throw BadInputException.line(file, line, "the size line promises " + h.entries()
                        + " entries but the file has only " + bytes + " bytes",
                        "the file is truncated or its size line is wrong; re-copy it from the Cell Ranger output");
            }
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read (" + e.getMessage() + ")", "check permissions and the disk");
        }
    }

    // ---------------------------------------------------------------- data section

    private CsrMatrix entries(Header h) {
        final int n = (int) h.entries();
        final int nRows = h.rows();
        final int nCols = h.cols();
        final Field field = h.field();
        int[] genes = new int[n];
        float[] values = new float[n];
        // Entries per cell; while the file stays sorted by cell (Cell Ranger's order) the cell of
        // each entry need not be stored: it follows from these counts.
        int[] perCell = new int[nCols];
        int[] cells = null;
        int lastCell = 0;
        int k = 0;
        while (true) {
            if (!ensure(MAX_LINE)) {
                break;
            }
            byte first = buf[pos];
            if (first == '\n' || first == '\r' || first == '%') {
                skipLine();
                continue;
            }
            if (k == n) {
                throw BadInputException.line(file, line + 1, "more entries than the " + n + " the size line declares",
                        "the size line or the data is wrong; re-export the matrix");
            }
            int p = pos;
            // Row (gene) index, 1-based.
            int start = p;
            long row = 0;
            byte b;
            while ((b = buf[p]) >= '0' && b <= '9' && p - start < 11) {
                row = row * 10 + (b - '0');
                p++;
            }
            if (p == start || !isBlank(b)) {
                throw malformed(h);
            }
            while (isBlank(buf[p])) {
                p++;
            }
            start = p;
            long col = 0;
            while ((b = buf[p]) >= '0' && b <= '9' && p - start < 11) {
                col = col * 10 + (b - '0');
                p++;
            }
            if (p == start) {
                throw malformed(h);
            }
            float value;
            if (field == Field.PATTERN) {
                value = 1f;
            } else {
                if (!isBlank(b)) {
                    throw malformed(h);
                }
                while (isBlank(buf[p])) {
                    p++;
                }
                p = field == Field.INTEGER ? parseInteger(p, h) : parseReal(p, h);
                value = parsed;
            }
            while (isBlank(buf[p])) {
                p++;
            }
            if (buf[p] == '\r') {
                p++;
            }
            if (p < limit ? buf[p] != '\n' : !eof) {
                throw malformed(h);
            }
            if (row < 1 || row > nRows || col < 1 || col > nCols) {
                throw BadInputException.line(file, line + 1, "entry (" + row + ", " + col
                        + ") is outside the declared " + nRows + " x " + nCols + " matrix",
                        "indices are 1-based and must not exceed the size line; the file is corrupt, re-export it");
            }
            int cell = (int) col - 1;
            if (cells == null && cell < lastCell) {
                cells = cellsSoFar(perCell, n, k);
            }
            if (cells != null) {
                cells[k] = cell;
            }
            lastCell = cell;
            genes[k] = (int) row - 1;
            values[k] = value;
            perCell[cell]++;
            k++;
            pos = Math.min(p + 1, limit);
            line++;
        }
        if (k < n) {
            throw BadInputException.line(file, line, "the file ends after " + k + " of the " + n
                    + " entries its size line declares", "the file is truncated; re-copy it from the Cell Ranger output");
        }
        long[] indptr = new long[nCols + 1];
        for (int c = 0; c < nCols; c++) {
            indptr[c + 1] = indptr[c] + perCell[c];
        }
        if (cells != null) {
            int[] g2 = new int[n];
            float[] v2 = new float[n];
            long[] next = Arrays.copyOf(indptr, nCols);
            for (int e = 0; e < n; e++) {
                int at = (int) next[cells[e]]++;
                g2[at] = genes[e];
                v2[at] = values[e];
            }
            genes = g2;
            values = v2;
        }
        return canonical(nCols, nRows, indptr, genes, values);
    }

    /** The cell of each of the first {@code k} entries, which were in non-decreasing cell order. */
    private static int[] cellsSoFar(int[] perCell, int n, int k) {
        int[] cells = new int[n];
        int at = 0;
        for (int c = 0; at < k; c++) {
            Arrays.fill(cells, at, at + perCell[c], c);
            at += perCell[c];
        }
        return cells;
    }

    /** Sorts each row by column and sums duplicates, compacting in place when any are found. */
    private static CsrMatrix canonical(int nRows, int nCols, long[] indptr, int[] idx, float[] val) {
        int write = 0;
        boolean compacted = false;
        for (int r = 0; r < nRows; r++) {
            int from = (int) indptr[r];
            int to = (int) indptr[r + 1];
            boolean sorted = true;
            for (int q = from + 1; q < to && sorted; q++) {
                sorted = idx[q] > idx[q - 1];
            }
            if (sorted && write == from) {
                // The common case (Cell Ranger order, nothing removed before): already in place.
                indptr[r] = from;
                write = to;
                continue;
            }
            if (!sorted) {
                sortRow(idx, val, from, to);
            }
            int rowStart = write;
            for (int q = from; q < to; q++) {
                if (!sorted && write > rowStart && idx[write - 1] == idx[q]) {
                    val[write - 1] += val[q];
                    compacted = true;
                } else {
                    idx[write] = idx[q];
                    val[write] = val[q];
                    write++;
                }
            }
            indptr[r] = rowStart;
        }
        indptr[nRows] = write;
        if (compacted) {
            idx = Arrays.copyOf(idx, write);
            val = Arrays.copyOf(val, write);
        }
        return CsrMatrix.of(nRows, nCols, indptr, idx, val);
    }

    /** Sorts one row segment by column index, keeping file order among duplicates (so sums match). */
    private static void sortRow(int[] idx, float[] val, int from, int to) {
        int len = to - from;
        long[] keyed = new long[len];
        for (int q = 0; q < len; q++) {
            keyed[q] = ((long) idx[from + q] << 32) | q;
        }
        Arrays.sort(keyed);
        int[] i2 = new int[len];
        float[] v2 = new float[len];
        for (int q = 0; q < len; q++) {
            int src = (int) keyed[q];
            i2[q] = idx[from + src];
            v2[q] = val[from + src];
        }
        System.arraycopy(i2, 0, idx, from, len);
        System.arraycopy(v2, 0, val, from, len);
    }

    // ---------------------------------------------------------------- numbers

    /** The value parsed by the last {@link #parseInteger} / {@link #parseReal} call. */
    private float parsed;

    private int parseInteger(int p, Header h) {
        int start = p;
        boolean neg = false;
        if (buf[p] == '-' || buf[p] == '+') {
            neg = buf[p] == '-';
            p++;
        }
        int digitsStart = p;
        long v = 0;
        byte b;
        while ((b = buf[p]) >= '0' && b <= '9') {
            v = v * 10 + (b - '0');
            p++;
        }
        int digits = p - digitsStart;
        if (digits == 0) {
            throw malformed(h);
        }
        if (digits > 18) {
            // Rare: re-read exactly (numpy's int64 parse fails beyond 2^63 - 1 as well).
            String s = new String(buf, start, p - start, StandardCharsets.US_ASCII);
            try {
                parsed = (float) Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw BadInputException.line(file, line + 1, "integer value " + s + " does not fit in 64 bits",
                        "the file is corrupt; re-export it");
            }
            return p;
        }
        parsed = (float) (neg ? -v : v);
        return p;
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A real value rounded to double then to float, as numpy does. Plain decimals with at most 15
     * significant digits and a small exponent take Clinger's exact fast path; anything else is
     * handed to {@link Double#parseDouble}.
     */
    private int parseReal(int p, Header h) {
        int start = p;
        boolean neg = false;
        if (buf[p] == '-' || buf[p] == '+') {
            neg = buf[p] == '-';
            p++;
        }
        long mantissa = 0;
        int sig = 0;
        int exp10 = 0;
        int digits = 0;
        byte b;
        while ((b = buf[p]) >= '0' && b <= '9') {
            if (mantissa != 0 || b != '0') {
                sig++;
            }
            mantissa = sig <= 18 ? mantissa * 10 + (b - '0') : mantissa;
            exp10 += sig > 18 ? 1 : 0;
            digits++;
            p++;
        }
        if (b == '.') {
            p++;
            while ((b = buf[p]) >= '0' && b <= '9') {
                if (mantissa != 0 || b != '0') {
                    sig++;
                }
                if (sig <= 18) {
                    mantissa = mantissa * 10 + (b - '0');
                    exp10--;
                }
                digits++;
                p++;
            }
        }
        boolean simple = digits > 0;
        if (simple && (b == 'e' || b == 'E')) {
            p++;
            boolean eneg = false;
            if (buf[p] == '-' || buf[p] == '+') {
                eneg = buf[p] == '-';
                p++;
            }
            int e = 0;
            int ed = 0;
            while ((b = buf[p]) >= '0' && b <= '9') {
                e = e < 100_000 ? e * 10 + (b - '0') : e;
                ed++;
                p++;
            }
            simple = ed > 0;
            exp10 += eneg ? -e : e;
        }
        if (simple && sig <= 15 && exp10 >= -22 && exp10 <= 22 && !isTokenChar(b)) {
            double d = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            parsed = (float) (neg ? -d : d);
            return p;
        }
        // Slow path: the whole token through the JDK's correctly rounded parser.
        while (isTokenChar(buf[p])) {
            p++;
        }
        String s = new String(buf, start, p - start, StandardCharsets.US_ASCII);
        parsed = (float) parseDoubleToken(s, h);
        return p;
    }

    private double parseDoubleToken(String s, Header h) {
        String t = s.toLowerCase(Locale.ROOT);
        String unsigned = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        boolean neg = t.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        // Double.parseDouble would accept hex floats and 'd'/'f' suffixes; MatrixMarket does not.
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            throw malformed(h);
        }
        return Double.parseDouble(s);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isTokenChar(byte b) {
        return b != ' ' && b != '\t' && b != '\n' && b != '\r';
    }

    private BadInputException malformed(Header h) {
        int end = pos;
        while (end < limit && buf[end] != '\n' && end - pos < 80) {
            end++;
        }
        String text = new String(buf, pos, end - pos, StandardCharsets.UTF_8).replace("\r", "");
        String expected = switch (h.field()) {
            case INTEGER -> "'row column integer'";
            case REAL -> "'row column real-number'";
            case PATTERN -> "'row column'";
        };
        return BadInputException.line(file, line + 1, "malformed entry '" + text + "'",
                "each data line must be " + expected + " separated by spaces; the file is corrupt, re-export it");
    }

    // ---------------------------------------------------------------- buffering

    private void skipLine() {
        while (true) {
            for (int p = pos; p < limit; p++) {
                if (buf[p] == '\n') {
                    pos = p + 1;
                    line++;
                    return;
                }
            }
            pos = limit;
            if (!ensure(1)) {
                line++;
                return;
            }
        }
    }

    /**
     * Makes at least {@code want} bytes available from {@code pos}, unless the file ends first.
     * Keeps a newline sentinel just past the data so digit loops always stop. Returns false only
     * when no byte at all is left.
     */
    private boolean ensure(int want) {
        if (limit - pos >= want || eof) {
            if (pos >= limit && brokenGzip != null) {
                throw BadInputException.line(file, line + 1, "the gzip stream ends early or is corrupt ("
                        + brokenGzip.getMessage() + ")", "the file is truncated; re-copy it from the Cell Ranger output");
            }
            return pos < limit;
        }
        int rest = limit - pos;
        System.arraycopy(buf, pos, buf, 0, rest);
        pos = 0;
        limit = rest;
        try {
            while (limit < BUFFER && !eof) {
                int r = in.read(buf, limit, BUFFER - limit);
                if (r < 0) {
                    eof = true;
                } else {
                    limit += r;
                }
            }
        } catch (EOFException | ZipException e) {
            // Keep the complete lines read so far: the error is reported where they run out, so
            // its line number is exact despite the read-ahead.
            brokenGzip = e;
            eof = true;
            int lastNewline = limit - 1;
            while (lastNewline >= pos && buf[lastNewline] != '\n') {
                lastNewline--;
            }
            limit = lastNewline + 1;
        } catch (IOException e) {
            throw BadInputException.line(file, line + 1, "read error (" + e.getMessage() + ")", "check the disk");
        }
        buf[limit] = '\n';
        if (pos >= limit && brokenGzip != null) {
            throw BadInputException.line(file, line + 1, "the gzip stream ends early or is corrupt ("
                    + brokenGzip.getMessage() + ")", "the file is truncated; re-copy it from the Cell Ranger output");
        }
        return pos < limit;
    }

    private void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Reading is finished or already failed; a close error adds nothing.
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
