package org.cellbook.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.io.SampleSheet.Response;
import org.cellbook.core.tcr.Contig;
import org.cellbook.core.tcr.ContigColumns;
import org.cellbook.core.tcr.Contigs;
import org.cellbook.core.tcr.TcrMerge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Properties of the generated cohort, checked in memory (the written files are tested in CohortWriterTest). */
class SyntheticCohortTest {
    /** 12 patients so group differences are not down to one or two patients. */
    static final SynthParams PARAMS = new SynthParams(12, 400, 400, 42);
    static SyntheticCohort cohort;
    static List<SyntheticSample> samples;

    @BeforeAll
    static void generate() {
        cohort = SyntheticCohort.plan(PARAMS);
        samples = new ArrayList<>();
        for (int i = 0; i < cohort.samples().size(); i++) {
            samples.add(cohort.generate(i));
        }
    }

    private static double share(SyntheticSample s, CellState state) {
        return s.states().stream().filter(x -> x == state).count() / (double) s.states().size();
    }

    @Test
    void samplesArePreAndOnForAlternatingResponders() {
        List<SampleInfo> info = cohort.samples();
        assertEquals(24, info.size());
        assertEquals("P01_pre", info.get(0).sampleId());
        assertEquals("P01_on", info.get(1).sampleId());
        assertEquals(Response.RESPONDER, info.get(0).response());
        assertEquals(Response.NON_RESPONDER, info.get(2).response());
        assertEquals("P12_on", info.get(23).sampleId());
    }

    @Test
    void respondersHaveMoreEffectorCd8Cells() {
        double r = 0;
        double nr = 0;
        double minR = 1;
        double maxNr = 0;
        for (SyntheticSample s : samples) {
            double x = share(s, SyntheticCohort.RESPONSE_STATE);
            if (s.info().response() == Response.RESPONDER) {
                r += x;
                minR = Math.min(minR, x);
            } else {
                nr += x;
                maxNr = Math.max(maxNr, x);
            }
        }
        double ratio = r / nr;
        // Fold 2 (x1.25 on treatment) less the renormalisation of the shares, blurred by patient variation.
        assertTrue(ratio > 1.6 && ratio < 3.5, "responder / non-responder effector share " + ratio);
        assertTrue(maxNr > minR, "groups should overlap (a perfect separation would make the demo trivial)");
    }

    @Test
    void theResponseProgrammeIsOnInItsShareOfCellsAndRaisesItsGenes() {
        Map<Response, long[]> cells = new HashMap<>(); // programme cells, all cells
        int[] genes = CellState.RESPONSE_PROGRAMME.stream().mapToInt(g -> cohort.geneSymbols().indexOf(g)).toArray();
        double[] sum = new double[2]; // programme-gene counts per cell: off, on
        long[] n = new long[2];
        for (SyntheticSample s : samples) {
            long[] c = cells.computeIfAbsent(s.info().response(), k -> new long[2]);
            for (int i = 0; i < s.barcodes().size(); i++) {
                int on = s.programme()[i] ? 1 : 0;
                c[0] += on;
                c[1]++;
                for (int g : genes) {
                    sum[on] += s.counts().get(i, g);
                }
                n[on]++;
            }
        }
        double r = cells.get(Response.RESPONDER)[0] / (double) cells.get(Response.RESPONDER)[1];
        double nr = cells.get(Response.NON_RESPONDER)[0] / (double) cells.get(Response.NON_RESPONDER)[1];
        assertEquals(SyntheticCohort.PROGRAMME_RATE_RESPONDER, r, 0.03, "programme share in responders");
        assertEquals(SyntheticCohort.PROGRAMME_RATE_NON_RESPONDER, nr, 0.03, "programme share in non-responders");
        double on = sum[1] / n[1];
        double off = sum[0] / n[0];
        assertTrue(on > 10 * off && on > 10, "programme genes per cell: on " + on + ", off " + off);
    }

    @Test
    void respondersCarryTheCdr3MotifMoreOften() {
        Map<Response, int[]> counts = new HashMap<>();
        for (SyntheticSample s : samples) {
            int[] c = counts.computeIfAbsent(s.info().response(), k -> new int[2]);
            for (Contig x : s.contigs()) {
                if (x.isProductive() && x.chain().equals("TRB")) {
                    c[0] += x.cdr3().contains(SyntheticCohort.RESPONSE_MOTIF) ? 1 : 0;
                    c[1]++;
                }
            }
        }
        double r = counts.get(Response.RESPONDER)[0] / (double) counts.get(Response.RESPONDER)[1];
        double nr = counts.get(Response.NON_RESPONDER)[0] / (double) counts.get(Response.NON_RESPONDER)[1];
        assertTrue(r > 1.5 * nr, "motif frequency responders " + r + " vs non-responders " + nr);
        assertTrue(r < 0.5, "motif should stay a minority signal, got " + r);
    }

    @Test
    void aboutSeventyPercentOfTCellsHaveAReceptorAndOtherCellsNone() {
        long tCells = 0;
        long covered = 0;
        for (SyntheticSample s : samples) {
            AnnData cells = AnnData.builder(CsrMatrix.empty(s.barcodes().size(), 0), s.barcodes(), List.of()).build();
            Contigs contigs = new Contigs(java.nio.file.Path.of(s.info().sampleId() + ".csv"), ContigColumns.NEW_LAYOUT,
                    s.contigs(), Map.of());
            TcrMerge.Result merged = TcrMerge.merge(cells, contigs);
            // Some contig barcodes are V(D)J-only cells, as in real data.
            assertTrue(merged.summaries().get(0).unmatchedBarcodes() > 0 || s.contigs().size() < 50);
            Table obs = merged.adata().obs();
            for (int i = 0; i < s.barcodes().size(); i++) {
                boolean has = obs.booleanColumn("has_tcr").get(i);
                if (s.states().get(i).isTCell()) {
                    tCells++;
                    covered += has ? 1 : 0;
                } else {
                    assertFalse(has, "non-T cell with a receptor: " + s.states().get(i));
                }
            }
        }
        double coverage = covered / (double) tCells;
        assertEquals(SampleSimulator.TCR_COVERAGE, coverage, 0.03, "T-cell receptor coverage");
    }

    @Test
    void cdr3SequencesLookReal() {
        int nonProductive = 0;
        for (SyntheticSample s : samples) {
            for (Contig c : s.contigs()) {
                assertEquals(c.cdr3(), TcrSegments.translate(c.cdr3Nt()));
                if (!c.isProductive()) {
                    assertTrue(c.cdr3().contains("*"));
                    nonProductive++;
                    continue;
                }
                String aa = c.cdr3();
                assertTrue(aa.startsWith("C") && (aa.endsWith("F") || aa.endsWith("W")), aa);
                assertTrue(aa.length() >= 10 && aa.length() <= 20, aa);
                assertFalse(aa.substring(1).contains("C"), "no cysteine inside the junction: " + aa);
                assertTrue(c.vGene().startsWith(c.chain() + "V") && c.jGene().startsWith(c.chain() + "J"));
            }
        }
        assertTrue(nonProductive > 0);
    }

    @Test
    void clonesExpandAndPersistAcrossTimepoints() {
        int largest = 0;
        int shared = 0;
        for (int p = 0; p < PARAMS.patients(); p++) {
            Map<String, Integer> pre = trbClones(samples.get(2 * p));
            Map<String, Integer> on = trbClones(samples.get(2 * p + 1));
            largest = Math.max(largest, pre.values().stream().max(Integer::compare).orElse(0));
            Set<String> both = new HashSet<>(pre.keySet());
            both.retainAll(on.keySet());
            shared += both.size();
        }
        assertTrue(largest >= 5, "largest clone " + largest);
        assertTrue(shared >= PARAMS.patients(), "clones shared between a patient's samples: " + shared);
    }

    private static Map<String, Integer> trbClones(SyntheticSample s) {
        Map<String, Integer> size = new HashMap<>();
        for (Contig c : s.contigs()) {
            if (c.isProductive() && c.chain().equals("TRB")) {
                size.merge(c.cdr3Nt(), 1, Integer::sum);
            }
        }
        return size;
    }

    private static double meanOf(SyntheticSample s, String symbol, java.util.function.IntPredicate cells) {
        int g = cohort.geneSymbols().indexOf(symbol);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < s.barcodes().size(); i++) {
            if (cells.test(i)) {
                sum += s.counts().get(i, g);
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void markerGenesMarkTheirCellTypes() {
        SyntheticSample s = samples.get(0);
        List<CellState> st = s.states();
        assertTrue(meanOf(s, "MS4A1", i -> st.get(i) == CellState.B) > 5 * meanOf(s, "MS4A1", i -> st.get(i) != CellState.B));
        assertTrue(meanOf(s, "LYZ", i -> st.get(i) == CellState.MONOCYTE)
                > 5 * meanOf(s, "LYZ", i -> st.get(i) != CellState.MONOCYTE));
        assertTrue(meanOf(s, "CD3E", i -> st.get(i).isTCell()) > 5 * meanOf(s, "CD3E", i -> !st.get(i).isTCell()));
        assertTrue(meanOf(s, "GZMB", i -> st.get(i) == CellState.CD8_EFFECTOR)
                > 5 * meanOf(s, "GZMB", i -> st.get(i) == CellState.CD8_NAIVE));
    }

    @Test
    void lowQualityCellsHaveHighMitochondrialFractionAndFewCounts() {
        SyntheticSample s = samples.get(0);
        double[] total = s.counts().rowSums();
        double[] mt = new double[total.length];
        for (int g = 0; g < cohort.geneSymbols().size(); g++) {
            if (cohort.geneSymbols().get(g).startsWith("MT-")) {
                for (int i = 0; i < total.length; i++) {
                    mt[i] += s.counts().get(i, g);
                }
            }
        }
        double[] mtFrac = new double[2];
        double[] counts = new double[2];
        int[] n = new int[2];
        for (int i = 0; i < total.length; i++) {
            int k = s.lowQuality()[i] ? 1 : 0;
            mtFrac[k] += mt[i] / total[i];
            counts[k] += total[i];
            n[k]++;
        }
        assertTrue(n[1] > 0);
        assertTrue(mtFrac[1] / n[1] > 3 * (mtFrac[0] / n[0]), "MT fraction low-quality vs others");
        assertTrue(counts[1] / n[1] < 0.5 * (counts[0] / n[0]), "counts low-quality vs others");
    }

    @Test
    void genesHaveUniqueIdsAndSymbolsIncludingMitochondrial() {
        assertEquals(PARAMS.genes(), new HashSet<>(cohort.geneIds()).size());
        assertEquals(PARAMS.genes(), new HashSet<>(cohort.geneSymbols()).size());
        assertEquals(13, cohort.geneSymbols().stream().filter(g -> g.startsWith("MT-")).count());
    }

    @Test
    void aSampleDoesNotDependOnGenerationOrder() {
        SyntheticCohort fresh = SyntheticCohort.plan(PARAMS);
        SyntheticSample late = fresh.generate(5);
        assertEquals(samples.get(5).counts(), late.counts());
        assertEquals(samples.get(5).contigs(), late.contigs());
        assertEquals(samples.get(5).barcodes(), late.barcodes());
    }

    @Test
    void badPatientsCountNamesTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> SyntheticCohort.plan(PARAMS.withPatients(1)));
        assertTrue(e.getMessage().startsWith("parameter '--patients': must be between 2"), e.getMessage());
    }

    @Test
    void badCellCountNamesTheOption() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SyntheticCohort.plan(PARAMS.withCellsPerSample(10)));
        assertTrue(e.getMessage().startsWith("parameter '--cells-per-sample': must be between 50"), e.getMessage());
    }

    @Test
    void tooFewGenesNamesTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> SyntheticCohort.plan(PARAMS.withGenes(100)));
        assertTrue(e.getMessage().startsWith("parameter '--genes': must be between " + SynthParams.minGenes()),
                e.getMessage());
    }

    @Test
    void unknownPresetNamesTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> SynthParams.preset("huge"));
        assertTrue(e.getMessage().startsWith("parameter '--preset': unknown preset 'huge'"), e.getMessage());
    }

    @Test
    void presetsHaveTheDocumentedSizes() {
        SynthParams demo = SynthParams.preset("demo");
        assertEquals(4, demo.patients());
        assertEquals(2000, demo.genes());
        SynthParams ref = SynthParams.preset("reference");
        assertEquals(7, ref.patients());
        assertEquals(70_000, ref.totalCells());
        assertEquals(20_000, ref.genes());
    }
}
