package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.PandasCsv;
import org.cellbook.core.RealData;
import org.cellbook.core.tcr.Contig;
import org.cellbook.core.tcr.ContigColumns;
import org.cellbook.core.tcr.Contigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class ContigReaderTest {
    @TempDir
    Path tmp;

    static final String OLD_HEADER = String.join(",", ContigColumns.OLD_LAYOUT);

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path writeGzip(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static final String OLD_ROWS = OLD_HEADER + "\n"
            + "AAAC-1,True,AAAC-1_contig_1,True,550,TRA,TRAV1-2,None,TRAJ33,TRAC,True,True,CAVRDSNYQLIW,"
            + "TGTGCTGTGAGAGATAGCAACTATCAGTTAATCTGG,1200,7,clonotype1,clonotype1_consensus_1\n"
            + "AAAC-1,True,AAAC-1_contig_2,False,480,TRB,TRBV20-1,None,TRBJ2-7,TRBC2,False,None,None,None,"
            + "300,2,clonotype1,None\n"
            + "AAAG-1,false,AAAG-1_contig_1,true,610,TRB,\"TRBV12-3,TRBV12-4\",TRBD1,TRBJ1-1,TRBC1,true,false,"
            + "CASSLGQAYEQYF,TGTGCCAGCAGCTTAGGACAGGCCTACGAGCAGTACTTC,88,1,None,None\n";

    @Test
    void readsTheOldLayoutWithPythonStyleFlagsAndNone() throws IOException {
        Contigs contigs = ContigReader.read(write("old.csv", OLD_ROWS));
        assertEquals(3, contigs.size());
        assertFalse(contigs.hasRegions());
        Contig a = contigs.contigs().get(0);
        assertEquals("AAAC-1", a.barcode());
        assertTrue(a.isProductive());
        assertEquals("CAVRDSNYQLIW", a.cdr3());
        assertEquals(1200, a.reads());
        assertEquals(7, a.umis());
        assertEquals(550, a.length());
        assertNull(a.dGene(), "None is a missing value");
        assertNull(a.regions());
        Contig b = contigs.contigs().get(1);
        assertNull(b.productive(), "productive None stays unknown");
        assertFalse(b.isProductive());
        assertNull(b.cdr3());
        assertEquals(Boolean.FALSE, b.highConfidence());
        Contig c = contigs.contigs().get(2);
        assertEquals("TRBV12-3,TRBV12-4", c.vGene(), "quoted field with a comma");
        assertEquals(Boolean.FALSE, c.isCell(), "lower-case flags");
        assertEquals(List.of("AAAC-1", "AAAG-1"), List.copyOf(contigs.barcodes()));
    }

    @Test
    void gzippedAndPlainGiveTheSameContigs() throws IOException {
        Contigs plain = ContigReader.read(write("plain.csv", OLD_ROWS));
        // Named .csv although gzipped: detection is by content.
        Contigs gz = ContigReader.read(writeGzip("gz.csv", OLD_ROWS));
        assertEquals(plain.contigs(), gz.contigs());
    }

    @Test
    void readsTheRealNewLayoutLikePandas() {
        Path file = RealData.contigs("BL6");
        Contigs contigs = ContigReader.read(file);
        assertTrue(contigs.hasRegions());
        List<Map<String, String>> rows = PandasCsv.read(file, tmp);
        assertEquals(rows.size(), contigs.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            Contig c = contigs.contigs().get(i);
            assertEquals(r.get("contig_id"), c.contigId());
            assertEquals(r.get("barcode"), c.barcode());
            assertEquals(r.get("chain"), c.chain());
            assertEquals(Long.parseLong(r.get("reads")), c.reads());
            assertEquals(Long.parseLong(r.get("umis")), c.umis());
            assertEquals(r.get("productive").equalsIgnoreCase("true"), c.isProductive());
            assertEquals(r.get("cdr3"), c.cdr3());
            assertEquals(r.get("cdr3_nt"), c.cdr3Nt());
            assertEquals(r.get("fwr1"), c.regions().fwr1());
            assertEquals(r.get("cdr2_nt"), c.regions().cdr2Nt());
            assertEquals(r.get("exact_subclonotype_id"), c.exactSubclonotypeId());
            assertEquals(r.get("d_gene").equals("NA") ? null : r.get("d_gene"), c.dGene());
        }
    }

    @Test
    void tableKeepsFileColumnsTypedAndUnknownColumnsAsText() throws IOException {
        String text = OLD_HEADER + ",note\n"
                + "AAAC-1,True,AAAC-1_contig_1,True,550,TRA,TRAV1-2,None,TRAJ33,TRAC,True,True,CAVRDSNYQLIW,"
                + "TGTGCTGTGAGAGATAGCAACTATCAGTTAATCTGG,1200,7,clonotype1,clonotype1_consensus_1,\"two\nlines, \"\"quoted\"\"\"\n";
        Contigs contigs = ContigReader.read(write("extra.csv", text));
        Table t = contigs.toTable();
        assertEquals(contigs.columns(), t.columnNames());
        assertEquals(ColumnType.BOOLEAN, t.column("productive").type());
        assertEquals(ColumnType.LONG, t.column("umis").type());
        assertEquals(ColumnType.INTEGER, t.column("length").type());
        assertEquals("two\nlines, \"quoted\"", t.stringColumn("note").get(0));
        assertTrue(t.stringColumn("d_gene").isMissing(0));
    }

    private BadInputException fails(String name, String text) throws IOException {
        Path p = write(name, text);
        BadInputException e = assertThrows(BadInputException.class, () -> ContigReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void missingRequiredColumnsAreListed() throws IOException {
        BadInputException e = fails("cols.csv", "barcode,contig_id,chain,productive,cdr3\nA-1,A-1_contig_1,TRA,True,CAVF\n");
        assertTrue(e.getMessage().contains(":1: missing required columns cdr3_nt, reads, umis"), e.getMessage());
    }

    @Test
    void badReadCountNamesLineAndColumn() throws IOException {
        BadInputException e = fails("reads.csv", OLD_ROWS.replace(",1200,7,", ",12x0,7,"));
        assertTrue(e.getMessage().contains(":2: column 'reads': '12x0' is not a whole number"), e.getMessage());
    }

    @Test
    void negativeUmiCountIsRejected() throws IOException {
        BadInputException e = fails("umis.csv", OLD_ROWS.replace(",88,1,", ",88,-1,"));
        assertTrue(e.getMessage().contains(":4: column 'umis': negative value -1"), e.getMessage());
    }

    @Test
    void emptyUmiCountIsRejected() throws IOException {
        BadInputException e = fails("umis-empty.csv", OLD_ROWS.replace(",88,1,", ",88,,"));
        assertTrue(e.getMessage().contains(":4: column 'umis': empty umis"), e.getMessage());
    }

    @Test
    void unknownFlagValueIsRejected() throws IOException {
        BadInputException e = fails("flag.csv", OLD_ROWS.replace("TRBC1,true,false,", "TRBC1,true,maybe,"));
        assertTrue(e.getMessage().contains(":4: column 'productive': 'maybe' is not a flag"), e.getMessage());
    }

    @Test
    void wrongFieldCountIsRejected() throws IOException {
        BadInputException e = fails("fields.csv", OLD_ROWS.replace("TRBV12-3,TRBV12-4", "TRBV12-3\",\"TRBV12-4"));
        assertTrue(e.getMessage().contains(":4: the record has 19 fields but the header has 18"), e.getMessage());
    }

    @Test
    void duplicateContigIdIsRejected() throws IOException {
        BadInputException e = fails("dup.csv", OLD_ROWS.replace("AAAG-1_contig_1", "AAAC-1_contig_1"));
        assertTrue(e.getMessage().contains(":4: column 'contig_id': contig id 'AAAC-1_contig_1' already appeared on line 2"),
                e.getMessage());
    }

    @Test
    void emptyBarcodeIsRejected() throws IOException {
        BadInputException e = fails("barcode.csv", OLD_ROWS.replace("AAAG-1,false,", ",false,"));
        assertTrue(e.getMessage().contains(":4: column 'barcode': empty barcode"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        BadInputException e = fails("empty.csv", "");
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
    }

    @Test
    void unclosedQuoteIsRejected() throws IOException {
        BadInputException e = fails("quote.csv", OLD_ROWS.replace("\"TRBV12-3,TRBV12-4\"", "\"TRBV12-3,TRBV12-4"));
        assertTrue(e.getMessage().contains(":4: a quoted field opened on this line is never closed"), e.getMessage());
    }

    @Test
    void missingFileIsRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> ContigReader.read(tmp.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }
}
