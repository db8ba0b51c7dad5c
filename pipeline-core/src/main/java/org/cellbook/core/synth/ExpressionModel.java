package org.cellbook.core.synth;

import java.util.Arrays;
import java.util.Map;

/**
 * Gene expression of the synthetic cells.
 *
 * <p>Every cell state has an expression profile: relative abundances over all genes (summing to
 * 1). Unnamed genes get log-normal abundances (a few high, most low, as in real data), shifted
 * by a lineage programme (T, NK, B, myeloid) and a smaller state programme so that clusters
 * differ beyond their markers; ribosomal, housekeeping and mitochondrial genes take fixed shares
 * (22%, 12%, 5%); marker genes are "on" (about 0.15% each, more for a few strong markers
 * such as LYZ or IGKC) in their states and at 1/50 of that elsewhere. Low-quality cells use the
 * same profile with mitochondrial genes 10x higher (about 30% of counts) and a library 0.3x as
 * large. Cells showing the response programme ({@link CellState#RESPONSE_PROGRAMME}) use their
 * state's profile with those genes switched on (marker level) instead of at the background.
 *
 * <p>A cell's count of gene g is negative binomial with mean {@code library * abundance} and a
 * per-gene dispersion theta (log-normal around 5; around 2 for bursty marker genes), drawn as
 * gamma-Poisson. For speed, genes whose mean at the median library is below
 * {@value #NB_MIN_MEAN} are drawn as Poisson instead, all at once: the cell's total count for
 * them is Poisson and is spread over them by an alias table. At such means the negative
 * binomial's extra variance {@code mean^2/theta} is at most 6% of the Poisson variance, and the
 * cell-to-cell variation of library size still makes them over-dispersed across cells.
 */
final class ExpressionModel {
    static final double MEDIAN_LIBRARY = 2500;
    static final double LIBRARY_SIGMA = 0.45;
    static final double LOW_QUALITY_LIBRARY = 0.3;
    static final double LOW_QUALITY_MT = 10;
    static final double NB_MIN_MEAN = 0.3;

    private static final double SHARE_OTHER = 0.50;
    private static final double SHARE_RIBOSOMAL = 0.22;
    private static final double SHARE_HOUSEKEEPING = 0.12;
    private static final double SHARE_MITOCHONDRIAL = 0.05;
    private static final double MARKER_ON = 1.5e-3;
    private static final double MARKER_OFF_RATIO = 1.0 / 50;
    private static final Map<String, Double> STRONG_MARKERS = Map.of(
            "LYZ", 2e-2, "S100A8", 1.2e-2, "S100A9", 1.5e-2, "IGKC", 2e-2, "IGHM", 5e-3,
            "GNLY", 6e-3, "NKG7", 5e-3, "CCL5", 6e-3);

    /** One state's profile, split into negative-binomial and Poisson genes. */
    private record Profile(int[] nbGenes, double[] nbRates, double poissonTotal, AliasTable poissonGenes) {
    }

    private final GenePanel panel;
    private final double[] theta;
    /** Indexed [programme on ? 1 : 0][state]. */
    private final Profile[][] normal = new Profile[2][];
    private final Profile[][] lowQuality = new Profile[2][];

    ExpressionModel(GenePanel panel, Rng rng) {
        this.panel = panel;
        int g = panel.size();
        double[] base = baseAbundance(panel, rng);
        theta = new double[g];
        for (int i = 0; i < g; i++) {
            theta[i] = panel.kind(i) == GenePanel.Kind.MARKER ? rng.logNormal(2, 0.3) : rng.logNormal(5, 0.5);
        }
        double[] markerOn = new double[g];
        for (int i = 0; i < g; i++) {
            if (panel.kind(i) == GenePanel.Kind.MARKER) {
                Double strong = STRONG_MARKERS.get(panel.symbols().get(i));
                markerOn[i] = strong != null ? strong : rng.logNormal(MARKER_ON, 0.6);
            }
        }
        CellState.Lineage[] lineages = CellState.Lineage.values();
        double[][] lineageShift = new double[lineages.length][];
        for (int l = 0; l < lineages.length; l++) {
            lineageShift[l] = programme(panel, rng, 0.25, 0.7);
        }
        CellState[] states = CellState.values();
        for (int on = 0; on < 2; on++) {
            normal[on] = new Profile[states.length];
            lowQuality[on] = new Profile[states.length];
        }
        for (CellState s : states) {
            double[] stateShift = programme(panel, rng, 0.08, 0.5);
            for (int on = 0; on < 2; on++) {
                double[] r = new double[g];
                for (int i = 0; i < g; i++) {
                    String symbol = panel.symbols().get(i);
                    boolean markerOnHere = isOn(s, symbol) || (on == 1 && CellState.RESPONSE_PROGRAMME.contains(symbol));
                    r[i] = switch (panel.kind(i)) {
                        case OTHER -> base[i] * StrictMath.exp(lineageShift[s.lineage().ordinal()][i] + stateShift[i]);
                        case MARKER -> markerOn[i] * (markerOnHere ? 1 : MARKER_OFF_RATIO);
                        default -> base[i];
                    };
                }
                normal[on][s.ordinal()] = profile(r);
                for (int i = 0; i < g; i++) {
                    if (panel.kind(i) == GenePanel.Kind.MITOCHONDRIAL) {
                        r[i] *= LOW_QUALITY_MT;
                    }
                }
                lowQuality[on][s.ordinal()] = profile(r);
            }
        }
    }

    private static boolean isOn(CellState s, String symbol) {
        return s.markers().contains(symbol) || (s.isTCell() && CellState.T_CELL_MARKERS.contains(symbol));
    }

    /** Abundances of the state-independent genes, scaled so each group has its share. */
    private static double[] baseAbundance(GenePanel panel, Rng rng) {
        int g = panel.size();
        double[] w = new double[g];
        double[] groupTotal = new double[GenePanel.Kind.values().length];
        for (int i = 0; i < g; i++) {
            w[i] = switch (panel.kind(i)) {
                case OTHER -> StrictMath.exp(1.6 * rng.gaussian());
                case RIBOSOMAL, MITOCHONDRIAL -> StrictMath.exp(0.4 * rng.gaussian());
                case HOUSEKEEPING -> panel.symbols().get(i).equals("MALAT1") ? 5 : StrictMath.exp(0.5 * rng.gaussian());
                case MARKER -> 0;
            };
            groupTotal[panel.kind(i).ordinal()] += w[i];
        }
        for (int i = 0; i < g; i++) {
            double share = switch (panel.kind(i)) {
                case OTHER -> SHARE_OTHER;
                case RIBOSOMAL -> SHARE_RIBOSOMAL;
                case HOUSEKEEPING -> SHARE_HOUSEKEEPING;
                case MITOCHONDRIAL -> SHARE_MITOCHONDRIAL;
                case MARKER -> 0;
            };
            double total = groupTotal[panel.kind(i).ordinal()];
            w[i] = total > 0 ? w[i] / total * share : 0;
        }
        return w;
    }

    /** Log-scale shifts for a random fraction of the unnamed genes. */
    private static double[] programme(GenePanel panel, Rng rng, double fraction, double sigma) {
        double[] shift = new double[panel.size()];
        for (int i = 0; i < shift.length; i++) {
            if (panel.kind(i) == GenePanel.Kind.OTHER && rng.chance(fraction)) {
                shift[i] = sigma * rng.gaussian();
            }
        }
        return shift;
    }

    private static Profile profile(double[] abundance) {
        double total = Arrays.stream(abundance).sum();
        int g = abundance.length;
        int nb = 0;
        for (double a : abundance) {
            if (a / total * MEDIAN_LIBRARY >= NB_MIN_MEAN) {
                nb++;
            }
        }
        int[] nbGenes = new int[nb];
        double[] nbRates = new double[nb];
        int[] poissonGenes = new int[g - nb];
        double[] poissonRates = new double[g - nb];
        double poissonTotal = 0;
        int k = 0;
        int p = 0;
        for (int i = 0; i < g; i++) {
            double r = abundance[i] / total;
            if (r * MEDIAN_LIBRARY >= NB_MIN_MEAN) {
                nbGenes[k] = i;
                nbRates[k++] = r;
            } else {
                poissonGenes[p] = i;
                poissonRates[p++] = r;
                poissonTotal += r;
            }
        }
        return new Profile(nbGenes, nbRates, poissonTotal, new AliasTable(poissonGenes, poissonRates));
    }

    /** Library-size multiplier of a state (monocytes carry more RNA than lymphocytes). */
    static double libraryFactor(CellState s) {
        return switch (s) {
            case MONOCYTE -> 1.5;
            case B -> 0.9;
            case NK, CD8_EFFECTOR, CD8_EXHAUSTED -> 1.0;
            default -> 0.85;
        };
    }

    /** A cell's expected total count. */
    static double library(CellState s, boolean lowQuality, Rng rng) {
        return rng.logNormal(MEDIAN_LIBRARY * libraryFactor(s), LIBRARY_SIGMA) * (lowQuality ? LOW_QUALITY_LIBRARY : 1);
    }

    /**
     * Draws one cell's counts into {@code counts} (all zero on entry) and returns the sorted
     * indices of the non-zero genes ({@code touched} is scratch of at least the gene count).
     */
    int sampleCell(CellState s, boolean lowQ, boolean programme, double library, Rng rng, int[] counts, int[] touched) {
        Profile p = (lowQ ? lowQuality : normal)[programme ? 1 : 0][s.ordinal()];
        int n = 0;
        for (int k = 0; k < p.nbGenes().length; k++) {
            int gene = p.nbGenes()[k];
            int c = rng.negativeBinomial(library * p.nbRates()[k], theta[gene]);
            if (c > 0) {
                counts[gene] = c;
                touched[n++] = gene;
            }
        }
        int total = rng.poisson(library * p.poissonTotal());
        for (int t = 0; t < total; t++) {
            int gene = p.poissonGenes().sample(rng);
            if (counts[gene]++ == 0) {
                touched[n++] = gene;
            }
        }
        Arrays.sort(touched, 0, n);
        return n;
    }

    GenePanel panel() {
        return panel;
    }
}
