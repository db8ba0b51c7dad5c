package org.cellbook.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.tcr.Contig;
import org.cellbook.core.tcr.ContigColumns;
import org.cellbook.core.tcr.Contigs;

/**
 * Reads Cell Ranger V(D)J contig annotations ({@code filtered_contig_annotations.csv} or
 * {@code all_contig_annotations.csv}), plain or gzipped (detected by magic bytes), in the
 * 18-column layout of Cell Ranger 2/3 or the 31-column layout of Cell Ranger 4+ (columns are
 * found by name, so order and extra columns do not matter).
 *
 * <p>Only {@link ContigColumns#REQUIRED} columns must be present; the result is a
 * {@link Contigs}: typed {@link Contig} records plus {@link Contigs#toTable()}.
 *
 * <p>Value conventions: flags accept True/False in any letter case (Cell Ranger 3 writes
 * "True", Cell Ranger 4+ "true", R's write.csv "TRUE"), and None/NA/empty mean unknown (null).
 * Text fields that are empty, "None" or "NA" become null. {@code reads} and {@code umis} must be
 * non-negative integers and {@code contig_id} unique; anything else is a
 * {@link BadInputException} naming the file and line.
 */
public final class ContigReader {
    private ContigReader() {
    }

    public static Contigs read(Path path) {
        ReadTracker.record(path);
        try (CsvReader csv = CsvReader.open(path)) {
            return new Parser(csv).parse();
        }
    }

    private static final class Parser {
        private final CsvReader csv;
        private final Map<String, Integer> col = new HashMap<>();
        private final List<String> others = new ArrayList<>();

        Parser(CsvReader csv) {
            this.csv = csv;
            List<String> missing = new ArrayList<>();
            for (String name : ContigColumns.REQUIRED) {
                if (csv.column(name) < 0) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw BadInputException.line(csv.path(), 1, "missing required column" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + " (the header has: " + String.join(", ", csv.header()) + ")",
                        "expected a Cell Ranger filtered_contig_annotations.csv or all_contig_annotations.csv");
            }
            for (String name : csv.header()) {
                col.put(name, csv.column(name));
                if (!ContigColumns.NEW_LAYOUT.contains(name)) {
                    others.add(name);
                }
            }
        }

        Contigs parse() {
            List<Contig> contigs = new ArrayList<>();
            Map<String, List<String>> other = new LinkedHashMap<>();
            others.forEach(n -> other.put(n, new ArrayList<>()));
            Map<String, Long> contigLine = new HashMap<>();
            boolean regions = col.containsKey("fwr1");
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                String barcode = text(row, "barcode");
                String contigId = text(row, "contig_id");
                if (barcode == null) {
                    throw error(row, "barcode", "empty barcode", "every contig row needs its cell barcode");
                }
                if (contigId == null) {
                    throw error(row, "contig_id", "empty contig_id", "every contig row needs its contig id");
                }
                Long seen = contigLine.putIfAbsent(contigId, row.line());
                if (seen != null) {
                    throw error(row, "contig_id", "contig id '" + contigId + "' already appeared on line " + seen,
                            "the file may be two contig files joined together; use one file per sample");
                }
                contigs.add(new Contig(barcode, flag(row, "is_cell"), contigId, flag(row, "high_confidence"),
                        length(row), text(row, "chain"), text(row, "v_gene"), text(row, "d_gene"), text(row, "j_gene"),
                        text(row, "c_gene"), flag(row, "full_length"), flag(row, "productive"), text(row, "cdr3"),
                        text(row, "cdr3_nt"), count(row, "reads"), count(row, "umis"), text(row, "raw_clonotype_id"),
                        text(row, "raw_consensus_id"), text(row, "exact_subclonotype_id"),
                        regions ? regions(row) : null));
                for (String name : others) {
                    other.get(name).add(row.get(col.get(name)));
                }
            }
            return new Contigs(csv.path(), csv.header(), contigs, other);
        }

        private Contig.Regions regions(CsvReader.Row row) {
            return new Contig.Regions(text(row, "fwr1"), text(row, "fwr1_nt"), text(row, "cdr1"), text(row, "cdr1_nt"),
                    text(row, "fwr2"), text(row, "fwr2_nt"), text(row, "cdr2"), text(row, "cdr2_nt"),
                    text(row, "fwr3"), text(row, "fwr3_nt"), text(row, "fwr4"), text(row, "fwr4_nt"));
        }

        private String raw(CsvReader.Row row, String column) {
            Integer i = col.get(column);
            return i == null ? null : row.get(i).strip();
        }

        private String text(CsvReader.Row row, String column) {
            String v = raw(row, column);
            return v == null || isMissing(v) ? null : v;
        }

        private Boolean flag(CsvReader.Row row, String column) {
            String v = raw(row, column);
            if (v == null || isMissing(v)) {
                return null;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw error(row, column, "'" + v + "' is not a flag",
                        "expected True or False (any letter case), None, NA or empty");
            };
        }

        private Integer length(CsvReader.Row row) {
            String v = raw(row, "length");
            if (v == null || isMissing(v)) {
                return null;
            }
            return Math.toIntExact(number(row, "length", v));
        }

        private long count(CsvReader.Row row, String column) {
            String v = raw(row, column);
            if (v.isEmpty()) {
                throw error(row, column, "empty " + column, "expected a whole number of " + column + " (0 or more)");
            }
            return number(row, column, v);
        }

        private long number(CsvReader.Row row, String column, String v) {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error(row, column, "'" + v + "' is not a whole number", "expected a count such as 12");
            }
            if (n < 0) {
                throw error(row, column, "negative value " + n, "expected 0 or more");
            }
            return n;
        }

        private BadInputException error(CsvReader.Row row, String column, String problem, String whatToDo) {
            return BadInputException.line(csv.path(), row.line(), "column '" + column + "': " + problem, whatToDo);
        }
    }

    private static boolean isMissing(String v) {
        return v.isEmpty() || v.equals("None") || v.equals("NA") || v.equals("nan") || v.equals("NaN");
    }
}
