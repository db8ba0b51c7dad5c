package org.cellbook.core.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.synth.Repertoire.Clone;
import org.cellbook.core.synth.TcrSegments.Chain;
import org.cellbook.core.tcr.Contig;

/**
 * Generates one sample from its own random streams (barcodes and states, counts, receptors), so
 * a sample's content depends only on the seed and the sample's position, never on which thread
 * made it or in which order.
 *
 * <p>Receptors: {@value #TCR_COVERAGE} of T cells get contigs (as in a real 5' V(D)J library).
 * A covered cell shows its clone's TRB (93%) and TRA (85%; at least one of them), the second
 * alpha chain of dual-alpha clones (60%), sometimes an extra low-UMI TRB (4%, ambient RNA or a
 * doublet) and a non-productive contig with a stop codon in its CDR3 (10%). A further
 * {@value #VDJ_ONLY_RATE} x covered cells appear only in the contig file (V(D)J cell calling
 * differs slightly from the expression one). Cell Ranger's {@code raw_clonotype_id} is
 * imitated: barcodes with the same set of productive chains share a clonotype, numbered by
 * size.
 */
final class SampleSimulator {
    static final double TCR_COVERAGE = 0.70;
    static final double LOW_QUALITY_RATE = 0.05;
    static final double VDJ_ONLY_RATE = 0.02;

    private static final int PART_CELLS = 0;
    private static final int PART_COUNTS = 1;
    private static final int PART_TCR = 2;
    private static final int PART_PROGRAMME = 3;

    private final SyntheticCohort cohort;
    private final SampleInfo info;

    private SampleSimulator(SyntheticCohort cohort, SampleInfo info) {
        this.cohort = cohort;
        this.info = info;
    }

    static SyntheticSample simulate(SyntheticCohort cohort, SampleInfo info) {
        return new SampleSimulator(cohort, info).run();
    }

    private Rng stream(int part) {
        return Rng.stream(cohort.params().seed(), SyntheticCohort.STREAM_SAMPLE, info.index(), part);
    }

    private SyntheticSample run() {
        int n = cohort.params().cellsPerSample();
        Rng cellsRng = stream(PART_CELLS);
        List<String> barcodes = new ArrayList<>(barcodes(n, Set.of(), cellsRng));
        double[] shares = cohort.stateShares(info);
        CellState[] all = CellState.values();
        List<CellState> states = new ArrayList<>(n);
        boolean[] lowQuality = new boolean[n];
        for (int i = 0; i < n; i++) {
            states.add(all[cellsRng.pick(shares)]);
            lowQuality[i] = cellsRng.chance(LOW_QUALITY_RATE);
        }
        // Own stream: the programme draws leave the cells' states and receptors as they were.
        Rng programmeRng = stream(PART_PROGRAMME);
        double programmeRate = cohort.programmeRate(info);
        boolean[] programme = new boolean[n];
        for (int i = 0; i < n; i++) {
            programme[i] = programmeRng.chance(programmeRate);
        }
        CsrMatrix counts = counts(states, lowQuality, programme);
        List<Contig> contigs = contigs(barcodes, states);
        return new SyntheticSample(info, barcodes, states, lowQuality, programme, counts, contigs);
    }

    /** n distinct random 16-base barcodes with Cell Ranger's "-1" suffix, sorted, none in {@code avoid}. */
    private static TreeSet<String> barcodes(int n, Set<String> avoid, Rng rng) {
        TreeSet<String> out = new TreeSet<>();
        char[] b = new char[16];
        while (out.size() < n) {
            long bits = rng.nextLong();
            for (int k = 0; k < 16; k++) {
                b[k] = "ACGT".charAt((int) (bits >>> (2 * k)) & 3);
            }
            String barcode = new String(b) + "-1";
            if (!avoid.contains(barcode)) {
                out.add(barcode);
            }
        }
        return out;
    }

    private CsrMatrix counts(List<CellState> states, boolean[] lowQuality, boolean[] programme) {
        ExpressionModel model = cohort.model();
        int g = model.panel().size();
        Rng rng = stream(PART_COUNTS);
        CsrMatrix.Builder b = new CsrMatrix.Builder(g);
        int[] counts = new int[g];
        int[] touched = new int[g];
        float[] values = new float[g];
        for (int i = 0; i < states.size(); i++) {
            double library = ExpressionModel.library(states.get(i), lowQuality[i], rng);
            int nnz = model.sampleCell(states.get(i), lowQuality[i], programme[i], library, rng, counts, touched);
            for (int k = 0; k < nnz; k++) {
                values[k] = counts[touched[k]];
                counts[touched[k]] = 0;
            }
            b.addSortedRow(touched, values, 0, nnz);
        }
        return b.build();
    }

    /** A contig before its Cell Ranger clonotype ids are known. */
    private record Draft(Chain chain, boolean productive, boolean fullLength, long umis, long reads, int length) {
    }

    private List<Contig> contigs(List<String> barcodes, List<CellState> states) {
        Rng rng = stream(PART_TCR);
        Repertoire repertoire = cohort.repertoire(info.patientIndex());
        TreeMap<String, List<Draft>> byBarcode = new TreeMap<>();
        for (int i = 0; i < barcodes.size(); i++) {
            if (states.get(i).isTCell() && rng.chance(TCR_COVERAGE)) {
                byBarcode.put(barcodes.get(i), drafts(repertoire.cloneFor(states.get(i), rng), repertoire, rng));
            }
        }
        int vdjOnly = (int) Math.round(VDJ_ONLY_RATE * byBarcode.size());
        for (String b : barcodes(vdjOnly, new HashSet<>(barcodes), rng)) {
            CellState s = rng.chance(0.5) ? CellState.CD8_MEMORY : CellState.CD4_MEMORY;
            byBarcode.put(b, drafts(repertoire.cloneFor(s, rng), repertoire, rng));
        }
        return finish(byBarcode);
    }

    private static List<Draft> drafts(Clone clone, Repertoire repertoire, Rng rng) {
        List<Draft> d = new ArrayList<>();
        boolean alpha = rng.chance(0.85);
        boolean beta = rng.chance(0.93) || !alpha;
        if (beta) {
            d.add(productive(clone.trb(), 1 + rng.poisson(rng.logNormal(3.5, 0.6)), rng));
        }
        if (alpha) {
            d.add(productive(clone.tra(), 1 + rng.poisson(rng.logNormal(2.5, 0.6)), rng));
        }
        if (clone.tra2() != null && rng.chance(0.6)) {
            d.add(productive(clone.tra2(), 1 + rng.poisson(1.5), rng));
        }
        if (rng.chance(0.04)) {
            d.add(productive(repertoire.segments().rearrange("TRB", null, rng), 1, rng));
        }
        if (rng.chance(0.10)) {
            Chain c = repertoire.segments().rearrange(rng.chance(0.5) ? "TRA" : "TRB", null, rng);
            d.add(draft(TcrSegments.withStop(c, rng), false, rng.chance(0.5), 1 + rng.poisson(1), rng));
        }
        // Cell Ranger numbers a barcode's contigs by support.
        d.sort(Comparator.comparingLong(Draft::umis).reversed().thenComparing(Comparator.comparingLong(Draft::reads).reversed()));
        return d;
    }

    private static Draft productive(Chain c, long umis, Rng rng) {
        return draft(c, true, true, umis, rng);
    }

    private static Draft draft(Chain c, boolean productive, boolean fullLength, long umis, Rng rng) {
        long reads = umis * (40 + rng.nextInt(120)) + rng.nextInt(50);
        int length = 30 + rng.nextInt(40) + 57 + c.v().fwr1().nt().length() + c.v().cdr1().nt().length()
                + c.v().fwr2().nt().length() + c.v().cdr2().nt().length() + c.v().fwr3().nt().length()
                + c.cdr3Nt().length() + c.j().fwr4().nt().length() + 100 + rng.nextInt(160);
        return new Draft(c, productive, fullLength, umis, reads, length);
    }

    /** Imitates Cell Ranger's clonotype ids and turns drafts into contig rows, sorted by barcode. */
    private static List<Contig> finish(TreeMap<String, List<Draft>> byBarcode) {
        Map<String, List<String>> chainsOf = new HashMap<>();
        Map<List<String>, Integer> size = new HashMap<>();
        byBarcode.forEach((barcode, drafts) -> {
            List<String> key = new ArrayList<>(new TreeSet<>(drafts.stream().filter(Draft::productive)
                    .map(d -> d.chain().locus() + ":" + d.chain().cdr3Nt()).toList()));
            chainsOf.put(barcode, key);
            size.merge(key, 1, Integer::sum);
        });
        List<List<String>> order = new ArrayList<>(size.keySet());
        order.sort(Comparator.<List<String>>comparingInt(size::get).reversed().thenComparing(String::valueOf));
        Map<List<String>, String> clonotype = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            clonotype.put(order.get(i), "clonotype" + (i + 1));
        }
        List<Contig> out = new ArrayList<>();
        byBarcode.forEach((barcode, drafts) -> {
            List<String> key = chainsOf.get(barcode);
            String raw = clonotype.get(key);
            for (int k = 0; k < drafts.size(); k++) {
                Draft d = drafts.get(k);
                Chain c = d.chain();
                String consensus = d.productive()
                        ? raw + "_consensus_" + (key.indexOf(c.locus() + ":" + c.cdr3Nt()) + 1) : null;
                Contig.Regions regions = new Contig.Regions(c.v().fwr1().aa(), c.v().fwr1().nt(), c.v().cdr1().aa(),
                        c.v().cdr1().nt(), c.v().fwr2().aa(), c.v().fwr2().nt(), c.v().cdr2().aa(), c.v().cdr2().nt(),
                        c.v().fwr3().aa(), c.v().fwr3().nt(), c.j().fwr4().aa(), c.j().fwr4().nt());
                out.add(new Contig(barcode, true, barcode + "_contig_" + (k + 1), true, d.length(), c.locus(),
                        c.v().name(), c.dGene().isEmpty() ? null : c.dGene(), c.j().name(), c.j().cGene(),
                        d.fullLength(), d.productive(), c.cdr3(), c.cdr3Nt(), d.reads(), d.umis(), raw, consensus,
                        d.productive() ? "1" : null, regions));
            }
        });
        return out;
    }
}
