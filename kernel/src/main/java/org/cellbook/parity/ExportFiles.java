package org.cellbook.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.cellbook.core.io.AtomicWrite;
import org.cellbook.core.io.Npy;

/**
 * The exchange format between a notebook's export snippet and the comparison: one file per item in
 * the exports folder, {@code ID.npy} (numeric arrays), {@code ID.csv} (tables, header row, RFC 4180
 * quoting) or {@code ID.json} ({@code {"kind": "scalar"|"string"|"list"|"set"|"map", "value": ...}}).
 * The Python side (export.py) writes the same three formats.
 */
public final class ExportFiles {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Written instead of a value when the item's expression failed; holds "ExceptionType: message". */
    static final String ERROR = ".error";

    private ExportFiles() {
    }

    /** The file holding item {@code id} in {@code dir}, or null when the notebook never exported it. */
    public static Path find(Path dir, String id) {
        for (String ext : List.of(".npy", ".csv", ".json", ERROR)) {
            Path p = dir.resolve(id + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The value in {@code file}; throws {@link ExpressionFailed} for an .error file. */
    public static ParityValue read(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(ERROR)) {
                throw new ExpressionFailed(Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            if (name.endsWith(".npy")) {
                Npy.Array a = Npy.read(file);
                return new ParityValue.Numeric(a.shape(), a.asDoubles());
            }
            if (name.endsWith(".csv")) {
                return readCsv(Files.readString(file, StandardCharsets.UTF_8));
            }
            return readJson(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read export " + file, e);
        }
    }

    private static ParityValue readJson(JsonNode root) {
        String kind = root.path("kind").asText();
        JsonNode v = root.path("value");
        switch (kind) {
            case "scalar" -> {
                return ParityValue.Numeric.scalar(v.isNull() ? Double.NaN : v.asDouble());
            }
            case "string" -> {
                return new ParityValue.Text(v.asText());
            }
            case "list", "set" -> {
                List<String> out = new ArrayList<>();
                v.forEach(x -> out.add(x.isNumber() ? ParityValue.canonical(x.asDouble()) : x.asText()));
                if (kind.equals("set")) {
                    out.sort(null);
                }
                return new ParityValue.Strings(List.copyOf(out), kind.equals("set"));
            }
            case "map" -> {
                List<String> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    var e = it.next();
                    keys.add(e.getKey());
                    values.add(e.getValue().isNumber() ? Double.toString(e.getValue().asDouble()) : e.getValue().asText());
                }
                return new ParityValue.Table(List.of(column("key", keys), column("value", values)));
            }
            default -> throw new IllegalArgumentException("unknown export kind '" + kind + "'");
        }
    }

    /** Parses CSV text (RFC 4180) into a table; a column is numeric when every cell parses (empty = NaN). */
    static ParityValue.Table readCsv(String text) {
        List<List<String>> rows = parseCsv(text);
        if (rows.isEmpty()) {
            return new ParityValue.Table(List.of());
        }
        List<String> header = rows.get(0);
        List<ParityValue.Column> cols = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            List<String> cells = new ArrayList<>();
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                cells.add(c < row.size() ? row.get(c) : "");
            }
            cols.add(column(header.get(c), cells));
        }
        return new ParityValue.Table(List.copyOf(cols));
    }

    static ParityValue.Column column(String name, List<String> cells) {
        double[] nums = new double[cells.size()];
        boolean numeric = true;
        for (int i = 0; i < nums.length && numeric; i++) {
            Double d = number(cells.get(i));
            if (d == null) {
                numeric = false;
            } else {
                nums[i] = d;
            }
        }
        return numeric && !cells.isEmpty() ? new ParityValue.Column(name, nums, null)
                : new ParityValue.Column(name, null, cells.toArray(String[]::new));
    }

    private static Double number(String s) {
        String t = s.strip();
        switch (t) {
            case "", "nan", "NaN", "NA" -> {
                return Double.NaN;
            }
            case "True", "true" -> {
                return 1.0;
            }
            case "False", "false" -> {
                return 0.0;
            }
            case "inf", "Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    row.add(cell.toString());
                    cell.setLength(0);
                    any = true;
                }
                case '\r' -> { }
                case '\n' -> {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    any = false;
                }
                default -> {
                    cell.append(ch);
                    any = true;
                }
            }
        }
        if (any || cell.length() > 0) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    static String csvCell(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** An item's expression failed in its notebook. */
    public static final class ExpressionFailed extends RuntimeException {
        ExpressionFailed(String message) {
            super(message);
        }
    }

    static void writeJson(Path file, String kind, Object value) {
        try {
            AtomicWrite.write(file, JSON.writeValueAsBytes(Map.of("kind", kind, "value", value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
