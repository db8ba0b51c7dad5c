package org.cellbook.core.tcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cellbook.core.BadInputException;
import org.cellbook.core.RealData;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.ContigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class TcrMergeTest {
    @TempDir
    Path tmp;

    /** Cells only: the merge needs obs names, not expression. */
    static AnnData cells(List<String> obsNames) {
        return AnnData.builder(CsrMatrix.empty(obsNames.size(), 0), obsNames, List.of()).build();
    }

    /** Independent pandas implementation of the documented rules, per barcode of the GEX file. */
    private static final String PANDAS_MERGE = """
            import collections, json, sys
            import pandas as pd
            df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
            cells = set(pd.read_csv(sys.argv[2], header=None, dtype=str)[0])
            missing = ["", "None", "NA"]
            ok = ((df.productive.str.lower() == "true") & df.chain.isin(["TRA", "TRB"])
                  & ~df.cdr3.isin(missing) & ~df.cdr3_nt.isin(missing)
                  & (df.is_cell.str.lower() != "false") & (df.high_confidence.str.lower() != "false"))
            d = df[ok & df.barcode.isin(cells)].copy()
            d["umis"] = d.umis.astype(int)
            d["reads"] = d.reads.astype(int)
            d = d.sort_values(["barcode", "chain", "umis", "reads", "contig_id"],
                              ascending=[True, True, False, False, True])
            out = {}
            for (bc, ch), g in d.groupby(["barcode", "chain"], sort=False):
                out.setdefault(bc, {})[ch] = [g.iloc[0].cdr3, g.iloc[0].cdr3_nt, len(g)]
            keys = {bc: (e.get("TRA", ["", ""])[1], e.get("TRB", ["", ""])[1]) for bc, e in out.items()}
            sizes = collections.Counter(keys.values())
            for bc, e in out.items():
                e["clone_size"] = int(sizes[keys[bc]])
            json.dump(out, open(sys.argv[3], "w"))
            """;

    private void matchesPandas(String sample) throws IOException {
        List<String> barcodes = RealData.gexBarcodes(sample);
        Contigs contigs = ContigReader.read(RealData.contigs(sample));
        TcrMerge.Result result = TcrMerge.merge(cells(barcodes), contigs);
        Path out = tmp.resolve(sample + ".json");
        PythonEnv.project().runScript(PANDAS_MERGE, RealData.contigs(sample).toString(),
                RealData.djvdj(sample + "_GEX/filtered_feature_bc_matrix/barcodes.tsv.gz").toString(), out.toString())
                .orThrow("pandas merge");
        JsonNode expected = new ObjectMapper().readTree(out.toFile());
        Table obs = result.adata().obs();
        int withTcr = 0;
        for (int i = 0; i < barcodes.size(); i++) {
            JsonNode e = expected.get(barcodes.get(i));
            boolean has = e != null;
            withTcr += has ? 1 : 0;
            assertEquals(has, obs.booleanColumn("has_tcr").get(i), barcodes.get(i));
            for (String chain : List.of("TRA", "TRB")) {
                JsonNode c = has ? e.get(chain) : null;
                assertEquals(c == null ? "" : c.get(0).asText(), obs.stringColumn(chain + "_cdr3").get(i));
                assertEquals(c == null ? "" : c.get(1).asText(), obs.stringColumn(chain + "_cdr3_nt").get(i));
                assertEquals(c == null ? 0 : c.get(2).asInt(), obs.intColumn("n_" + chain).getInt(i));
            }
            if (has) {
                assertEquals(e.get("clone_size").asInt(), obs.intColumn("clone_size").getInt(i));
            } else {
                assertTrue(obs.intColumn("clone_size").isMissing(i));
                assertTrue(obs.stringColumn("clonotype").isMissing(i));
            }
        }
        assertTrue(withTcr > 0);
        TcrMerge.SourceSummary s = result.summaries().get(0);
        assertEquals(withTcr, s.cellsWithTcr());
        assertEquals(contigs.barcodes().size(), s.contigBarcodes());
    }

    @Test
    void realBl6PairMatchesAnIndependentPandasMerge() throws IOException {
        matchesPandas("BL6");
    }

    @Test
    void realMd4PairMatchesAnIndependentPandasMerge() throws IOException {
        matchesPandas("MD4");
    }

    @Test
    void wrongFilePairIsAnErrorNamingTheContigFile() {
        Contigs bl6 = ContigReader.read(RealData.contigs("BL6"));
        AnnData md4 = cells(RealData.gexBarcodes("MD4"));
        BadInputException e = assertThrows(BadInputException.class, () -> TcrMerge.merge(md4, bl6));
        assertTrue(e.getMessage().startsWith(RealData.contigs("BL6").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong file pair?"), e.getMessage());
    }

    @Test
    void partialMatchIsCountedInSummaryAndWarning() {
        Contigs bl6 = ContigReader.read(RealData.contigs("BL6"));
        List<String> all = RealData.gexBarcodes("BL6");
        List<String> half = new ArrayList<>(all.subList(0, all.size() / 2));
        Set<String> kept = new HashSet<>(half);
        long unmatched = bl6.barcodes().stream().filter(b -> !kept.contains(b)).count();
        assertTrue(unmatched > 0 && unmatched < bl6.barcodes().size(), "test premise");
        TcrMerge.Result r = TcrMerge.merge(cells(half), bl6);
        assertEquals(unmatched, r.summaries().get(0).unmatchedBarcodes());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains(unmatched + " of " + bl6.barcodes().size()), r.warnings().get(0));
    }

    @Test
    void prefixedObsNamesOfTwoSamplesMergeLikeEachSampleAlone() {
        Contigs bl6 = ContigReader.read(RealData.contigs("BL6"));
        Contigs md4 = ContigReader.read(RealData.contigs("MD4"));
        List<String> names = new ArrayList<>();
        RealData.gexBarcodes("BL6").forEach(b -> names.add("BL6_" + b));
        RealData.gexBarcodes("MD4").forEach(b -> names.add(b + "-MD4"));
        TcrMerge.Result both = TcrMerge.merge(cells(names), List.of(
                TcrMerge.Source.prefixed("BL6", bl6, "BL6_"), TcrMerge.Source.suffixed("MD4", md4, "-MD4")));
        assertTrue(both.warnings().isEmpty(), both.warnings().toString());
        Table alone = TcrMerge.merge(cells(RealData.gexBarcodes("MD4")), md4).adata().obs();
        Table obs = both.adata().obs();
        int offset = RealData.gexBarcodes("BL6").size();
        for (int i = 0; i < alone.rowCount(); i++) {
            for (String col : List.of("TRA_cdr3", "TRB_cdr3_nt")) {
                assertEquals(alone.stringColumn(col).get(i), obs.stringColumn(col).get(offset + i));
            }
            String id = alone.stringColumn("clonotype").get(i);
            assertEquals(id.isEmpty() ? "" : "MD4_" + id, obs.stringColumn("clonotype").get(offset + i));
        }
        assertTrue(obs.stringColumn("clonotype").get(0).isEmpty()
                || obs.stringColumn("clonotype").get(0).startsWith("BL6_clonotype"));
    }

    @Test
    void aCellCannotTakeContigsFromTwoFiles() {
        Contigs bl6 = ContigReader.read(RealData.contigs("BL6"));
        AnnData a = cells(RealData.gexBarcodes("BL6"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> TcrMerge.merge(a, List.of(TcrMerge.Source.of(bl6), TcrMerge.Source.of(bl6))));
        assertTrue(e.getMessage().contains("also gets contigs from"), e.getMessage());
    }

    private static final String HEADER = String.join(",", ContigColumns.OLD_LAYOUT) + "\n";

    private static String contig(String barcode, int n, String chain, boolean productive, String cdr3Nt, int reads,
                                 int umis) {
        return contig(barcode, n, "true", chain, productive, cdr3Nt, reads, umis);
    }

    private static String contig(String barcode, int n, String isCell, String chain, boolean productive, String cdr3Nt,
                                 int reads, int umis) {
        return barcode + "," + isCell + "," + barcode + "_contig_" + n + ",true,500," + chain + ",V,,J,C,true,"
                + productive + ",C" + cdr3Nt + "F," + cdr3Nt + "," + reads + "," + umis + ",clonotype1,\n";
    }

    private Contigs contigs(String... rows) throws IOException {
        Path p = tmp.resolve("contigs" + rows.length + rows[0].hashCode() + ".csv");
        Files.writeString(p, HEADER + String.join("", rows));
        return ContigReader.read(p);
    }

    @Test
    void mainChainIsMostUmisThenMostReadsThenSmallestContigId() throws IOException {
        String[] rows = {
                contig("A-1", 1, "TRA", true, "AAA", 100, 3),
                contig("A-1", 2, "TRA", true, "CCC", 50, 5),       // most UMIs wins
                contig("A-1", 3, "TRB", true, "GGG", 80, 4),
                contig("A-1", 4, "TRB", true, "TTT", 90, 4),       // same UMIs, more reads wins
                contig("A-1", 5, "TRB", false, "ACG", 999, 99),    // not productive: ignored
                contig("B-1", 2, "TRB", true, "GAT", 70, 2),
                contig("B-1", 1, "TRB", true, "CAT", 70, 2),       // full tie: B-1_contig_1 < B-1_contig_2
                contig("C-1", 1, "false", "TRA", true, "TTT", 70, 2), // not a cell: ignored
        };
        AnnData a = cells(List.of("A-1", "B-1", "C-1", "D-1"));
        Table obs = TcrMerge.merge(a, contigs(rows)).adata().obs();
        List<String> reversed = new ArrayList<>(List.of(rows));
        java.util.Collections.reverse(reversed);
        Table obsReversed = TcrMerge.merge(a, contigs(reversed.toArray(new String[0]))).adata().obs();
        for (Table t : List.of(obs, obsReversed)) {
            assertEquals("CCC", t.stringColumn("TRA_cdr3_nt").get(0));
            assertEquals("CCCCF", t.stringColumn("TRA_cdr3").get(0));
            assertEquals("TTT", t.stringColumn("TRB_cdr3_nt").get(0));
            assertEquals(2, t.intColumn("n_TRA").getInt(0));
            assertEquals(2, t.intColumn("n_TRB").getInt(0));
            assertEquals("CAT", t.stringColumn("TRB_cdr3_nt").get(1));
            assertEquals(0, t.intColumn("n_TRA").getInt(1));
            assertFalse(t.booleanColumn("has_tcr").get(2));
            assertEquals(0, t.intColumn("n_TRA").getInt(2));
            assertFalse(t.booleanColumn("has_tcr").get(3));
        }
    }

    @Test
    void clonotypesAreNumberedBySizeThenSequence() throws IOException {
        Contigs c = contigs(
                contig("A-1", 1, "TRB", true, "GGG", 10, 2), contig("A-1", 2, "TRA", true, "AAA", 10, 2),
                contig("B-1", 1, "TRB", true, "GGG", 10, 2), contig("B-1", 2, "TRA", true, "AAA", 10, 2),
                contig("C-1", 1, "TRB", true, "GGG", 10, 2),                 // TRB only: its own clonotype
                contig("D-1", 1, "TRB", true, "CCC", 10, 2));
        Table obs = TcrMerge.merge(cells(List.of("A-1", "B-1", "C-1", "D-1")),
                List.of(new TcrMerge.Source("P1", c, b -> b))).adata().obs();
        assertEquals(List.of("P1_clonotype1", "P1_clonotype1", "P1_clonotype3", "P1_clonotype2"),
                obs.stringColumn("clonotype").asList());
        assertEquals(List.of(2, 2, 1, 1), obs.intColumn("clone_size").asList());
    }
}
