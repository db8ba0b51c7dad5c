package org.cellbook.core.synth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;

/**
 * The genes of a synthetic cohort: real symbols for cell-type markers, housekeeping, ribosomal
 * and the 13 mitochondrial genes ({@code MT-} prefix, as in human Cell Ranger references), and
 * unnamed genes {@code G00001...} filling up to the requested count. Gene ids are
 * {@code SYNG0000001...} in file order, which is a seeded shuffle so named genes are spread
 * through the file like in a real reference.
 */
final class GenePanel {
    enum Kind { MARKER, HOUSEKEEPING, RIBOSOMAL, MITOCHONDRIAL, OTHER }

    static final List<String> HOUSEKEEPING = List.of("MALAT1", "ACTB", "GAPDH", "B2M", "TMSB4X", "EEF1A1", "FTL",
            "FTH1", "TPT1", "PTMA", "HLA-A", "HLA-B", "HLA-C", "UBC", "PFN1", "CFL1");
    static final List<String> RIBOSOMAL = List.of("RPL3", "RPL4", "RPL5", "RPL7", "RPL10", "RPL13", "RPL13A",
            "RPL21", "RPL32", "RPL34", "RPLP1", "RPS2", "RPS3", "RPS3A", "RPS6", "RPS12", "RPS14", "RPS18", "RPS27",
            "RPS27A");
    static final List<String> MITOCHONDRIAL = List.of("MT-ND1", "MT-ND2", "MT-CO1", "MT-CO2", "MT-ATP8", "MT-ATP6",
            "MT-CO3", "MT-ND3", "MT-ND4L", "MT-ND4", "MT-ND5", "MT-ND6", "MT-CYB");

    private final List<String> ids;
    private final List<String> symbols;
    private final Kind[] kinds;
    private final Map<String, Integer> bySymbol = new HashMap<>();

    GenePanel(int genes, Rng rng) {
        List<String> names = new ArrayList<>(named());
        List<Kind> kindList = new ArrayList<>();
        for (String n : names) {
            kindList.add(kindOf(n));
        }
        for (int i = 1; names.size() < genes; i++) {
            names.add(String.format(Locale.ROOT, "G%05d", i));
            kindList.add(Kind.OTHER);
        }
        // Seeded Fisher-Yates shuffle: named genes land anywhere in the file.
        int[] order = new int[genes];
        for (int i = 0; i < genes; i++) {
            order[i] = i;
        }
        for (int i = genes - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<String> sym = new ArrayList<>(genes);
        List<String> id = new ArrayList<>(genes);
        kinds = new Kind[genes];
        for (int pos = 0; pos < genes; pos++) {
            sym.add(names.get(order[pos]));
            kinds[pos] = kindList.get(order[pos]);
            id.add(String.format(Locale.ROOT, "SYNG%07d", pos + 1));
            bySymbol.put(sym.get(pos), pos);
        }
        this.symbols = List.copyOf(sym);
        this.ids = List.copyOf(id);
    }

    private static Set<String> named() {
        Set<String> s = new LinkedHashSet<>(CellState.T_CELL_MARKERS);
        for (CellState c : CellState.values()) {
            s.addAll(c.markers());
        }
        s.addAll(CellState.RESPONSE_PROGRAMME);
        s.addAll(HOUSEKEEPING);
        s.addAll(RIBOSOMAL);
        s.addAll(MITOCHONDRIAL);
        return s;
    }

    static int namedGeneCount() {
        return named().size();
    }

    private static Kind kindOf(String symbol) {
        if (MITOCHONDRIAL.contains(symbol)) {
            return Kind.MITOCHONDRIAL;
        }
        if (RIBOSOMAL.contains(symbol)) {
            return Kind.RIBOSOMAL;
        }
        if (HOUSEKEEPING.contains(symbol)) {
            return Kind.HOUSEKEEPING;
        }
        return Kind.MARKER;
    }

    int size() {
        return ids.size();
    }

    List<String> ids() {
        return ids;
    }

    List<String> symbols() {
        return symbols;
    }

    Kind kind(int gene) {
        return kinds[gene];
    }

    /** Position of a named gene. */
    int index(String symbol) {
        Integer i = bySymbol.get(symbol);
        if (i == null) {
            throw new IllegalArgumentException("no gene " + symbol);
        }
        return i;
    }
}
