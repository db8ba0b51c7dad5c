package org.cellbook.core.tcr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The contigs of one Cell Ranger contig annotation file, in file order, as typed
 * {@link Contig} records; {@link #toTable()} gives the same data as a Tablesaw table with the
 * file's columns in the file's order (columns Cell Ranger does not define are kept as text).
 *
 * @param source the file read
 * @param columns header of the file
 * @param contigs one record per data row
 * @param otherColumns values of header columns that {@link Contig} has no field for, one per row
 */
public record Contigs(Path source, List<String> columns, List<Contig> contigs, Map<String, List<String>> otherColumns) {

    public Contigs {
        columns = List.copyOf(columns);
        contigs = List.copyOf(contigs);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        otherColumns.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        otherColumns = Map.copyOf(copy);
    }

    /** Cell Ranger 4+ layout (framework and CDR1/CDR2 columns present). */
    public boolean hasRegions() {
        return columns.contains("fwr1");
    }

    public int size() {
        return contigs.size();
    }

    /** Distinct barcodes in first-seen order. */
    public Set<String> barcodes() {
        Set<String> out = new LinkedHashSet<>();
        for (Contig c : contigs) {
            out.add(c.barcode());
        }
        return out;
    }

    /** File name for messages. */
    public String name() {
        return source.getFileName() == null ? source.toString() : source.getFileName().toString();
    }

    /**
     * All columns as a table, typed: flags as booleans, length as int, reads and umis as long,
     * the rest as strings. Missing values are Tablesaw's missing values.
     */
    public Table toTable() {
        List<Column<?>> cols = new ArrayList<>();
        for (String name : columns) {
            Column<?> col = switch (name) {
                case "is_cell" -> bools(name, Contig::isCell);
                case "high_confidence" -> bools(name, Contig::highConfidence);
                case "full_length" -> bools(name, Contig::fullLength);
                case "productive" -> bools(name, Contig::productive);
                case "length" -> ints(name, Contig::length);
                case "reads" -> LongColumn.create(name, contigs.stream().mapToLong(Contig::reads).toArray());
                case "umis" -> LongColumn.create(name, contigs.stream().mapToLong(Contig::umis).toArray());
                default -> strings(name, ContigColumns.textGetter(name));
            };
            cols.add(col);
        }
        return Table.create(name(), cols);
    }

    private BooleanColumn bools(String name, Function<Contig, Boolean> get) {
        BooleanColumn c = BooleanColumn.create(name, contigs.size());
        for (int i = 0; i < contigs.size(); i++) {
            Boolean v = get.apply(contigs.get(i));
            if (v == null) {
                c.setMissing(i);
            } else {
                c.set(i, v);
            }
        }
        return c;
    }

    private IntColumn ints(String name, Function<Contig, Integer> get) {
        IntColumn c = IntColumn.create(name, contigs.size());
        for (int i = 0; i < contigs.size(); i++) {
            Integer v = get.apply(contigs.get(i));
            if (v == null) {
                c.setMissing(i);
            } else {
                c.set(i, v);
            }
        }
        return c;
    }

    private StringColumn strings(String name, Function<Contig, String> get) {
        StringColumn c = StringColumn.create(name);
        List<String> other = otherColumns.get(name);
        for (int i = 0; i < contigs.size(); i++) {
            String v = get != null ? get.apply(contigs.get(i)) : other.get(i);
            if (v == null) {
                c.appendMissing();
            } else {
                c.append(v);
            }
        }
        return c;
    }
}
