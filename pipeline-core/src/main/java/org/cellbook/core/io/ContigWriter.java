package org.cellbook.core.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.tcr.Contig;
import org.cellbook.core.tcr.ContigColumns;

/**
 * Writes contigs as a Cell Ranger 4+ {@code filtered_contig_annotations.csv}: the 31 columns of
 * {@link ContigColumns#NEW_LAYOUT}, flags as {@code true}/{@code false}, missing values as empty
 * fields, "\n" line ends, and double quotes only around fields that need them.
 * {@link ContigReader} reads the result back to equal records (a contig without regions is
 * written with empty region fields and so reads back with all-null regions).
 */
public final class ContigWriter {
    private ContigWriter() {
    }

    public static void write(Path path, List<Contig> contigs) {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16)) {
            write(w, contigs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public static void write(Writer w, List<Contig> contigs) throws IOException {
        w.write(String.join(",", ContigColumns.NEW_LAYOUT));
        w.write('\n');
        StringBuilder line = new StringBuilder(1024);
        for (Contig c : contigs) {
            line.setLength(0);
            Contig.Regions r = c.regions();
            Object[] fields = {c.barcode(), c.isCell(), c.contigId(), c.highConfidence(), c.length(), c.chain(),
                    c.vGene(), c.dGene(), c.jGene(), c.cGene(), c.fullLength(), c.productive(),
                    r == null ? null : r.fwr1(), r == null ? null : r.fwr1Nt(),
                    r == null ? null : r.cdr1(), r == null ? null : r.cdr1Nt(),
                    r == null ? null : r.fwr2(), r == null ? null : r.fwr2Nt(),
                    r == null ? null : r.cdr2(), r == null ? null : r.cdr2Nt(),
                    r == null ? null : r.fwr3(), r == null ? null : r.fwr3Nt(),
                    c.cdr3(), c.cdr3Nt(),
                    r == null ? null : r.fwr4(), r == null ? null : r.fwr4Nt(),
                    c.reads(), c.umis(), c.rawClonotypeId(), c.rawConsensusId(), c.exactSubclonotypeId()};
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                appendField(line, fields[i]);
            }
            line.append('\n');
            w.append(line);
        }
    }

    private static void appendField(StringBuilder line, Object v) {
        if (v == null) {
            return;
        }
        String s = v.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            line.append(s);
            return;
        }
        line.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
}
