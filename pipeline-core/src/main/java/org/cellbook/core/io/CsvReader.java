package org.cellbook.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;

/**
 * Comma-separated values with RFC 4180 quoting: fields may be wrapped in double quotes, a quote
 * inside a quoted field is doubled, and a quoted field may hold commas and line breaks. The first
 * record is the header. Reads gzipped or plain files (via {@link TextInput}); a UTF-8 byte-order
 * mark (spreadsheet exports) is dropped; blank lines are skipped. Every record must have as many
 * fields as the header. Errors name the file and the line where the record starts.
 *
 * <p>Lenient where Python's {@code csv} module is: a quote in the middle of an unquoted field is
 * an ordinary character, and characters after a closing quote are appended to the field.
 */
public final class CsvReader implements AutoCloseable {
    private final TextInput in;
    private final List<String> header;
    private final Map<String, Integer> columnIndex = new HashMap<>();

    /** One record: its fields and the (1-based) line it starts on. */
    public record Row(long line, String[] fields) {
        public String get(int column) {
            return fields[column];
        }
    }

    private CsvReader(TextInput in) {
        this.in = in;
        Row head = readRow();
        if (head == null) {
            in.close();
            throw BadInputException.file(in.path(), "the file is empty (no header line)",
                    "expected a CSV file whose first line names the columns");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < head.fields().length; i++) {
            String name = head.fields()[i].strip();
            Integer before = columnIndex.putIfAbsent(name, i);
            if (before != null) {
                in.close();
                throw BadInputException.line(in.path(), head.line(), "column '" + name + "' appears twice in the header",
                        "rename or remove one of them");
            }
            names.add(name);
        }
        this.header = List.copyOf(names);
    }

    /** Opens a CSV file and reads its header. */
    public static CsvReader open(Path path) {
        return new CsvReader(TextInput.open(path));
    }

    public Path path() {
        return in.path();
    }

    /** Column names in file order (stripped of surrounding blanks). */
    public List<String> header() {
        return header;
    }

    /** Position of a column, or -1 when the header does not have it. */
    public int column(String name) {
        return columnIndex.getOrDefault(name, -1);
    }

    /** The next record, or null at the end of the file. */
    public Row next() {
        Row row = readRow();
        if (row != null && row.fields().length != header.size()) {
            throw BadInputException.line(in.path(), row.line(), "the record has " + row.fields().length
                    + " fields but the header has " + header.size(),
                    "check for an unquoted comma or a missing field; fields holding commas must be in double quotes");
        }
        return row;
    }

    private Row readRow() {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        long start = in.lineNumber();
        if (start == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        int i = 0;
        while (true) {
            if (i == line.length()) {
                if (!quoted) {
                    break;
                }
                // A quoted field goes on over a line break.
                String more = in.readLine();
                if (more == null) {
                    throw BadInputException.line(in.path(), start, "a quoted field opened on this line is never closed",
                            "add the closing double quote (a quote inside a quoted field is written as two quotes)");
                }
                field.append('\n');
                line = more;
                i = 0;
                continue;
            }
            char c = line.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else {
                field.append(c);
            }
            fieldStart = false;
        }
        fields.add(field.toString());
        return new Row(start, fields.toArray(new String[0]));
    }

    @Override
    public void close() {
        in.close();
    }
}
