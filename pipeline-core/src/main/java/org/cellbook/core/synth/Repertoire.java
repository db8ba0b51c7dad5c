package org.cellbook.core.synth;

import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.synth.TcrSegments.Chain;

/**
 * One patient's T-cell clones. Expanded clones (separate CD8 and CD4 pools, sizes following a
 * Zipf-like law) are shared by the patient's pre- and on-treatment samples, so clones can be
 * followed over time; a T cell joins an expanded clone with its state's
 * {@link CellState#expandedFraction()} (high for effector and exhausted CD8 cells), otherwise it
 * gets a fresh clone of its own. Responders' expanded CD8 clones carry the response motif in
 * their TRB CDR3 more often ({@value #RESPONDER_MOTIF_RATE} against {@value #OTHER_MOTIF_RATE}
 * for non-responders and {@value #FRESH_MOTIF_RATE} for any fresh or CD4 clone).
 */
final class Repertoire {
    static final double RESPONDER_MOTIF_RATE = 0.30;
    static final double OTHER_MOTIF_RATE = 0.08;
    static final double FRESH_MOTIF_RATE = 0.02;
    /** Share of clones with a second productive alpha chain (allelic inclusion). */
    static final double DUAL_ALPHA_RATE = 0.10;
    private static final double ZIPF_EXPONENT = 1.1;

    /** A clone's chains; {@code tra2} is null for single-alpha clones. */
    record Clone(Chain tra, Chain tra2, Chain trb) {
    }

    private final TcrSegments segments;
    private final List<Clone> cd8 = new ArrayList<>();
    private final List<Clone> cd4 = new ArrayList<>();
    private final double[] cd8Weights;
    private final double[] cd4Weights;

    Repertoire(TcrSegments segments, boolean responder, int cellsPerSample, Rng rng) {
        this.segments = segments;
        int k8 = Math.max(8, cellsPerSample / 40);
        int k4 = Math.max(4, cellsPerSample / 80);
        for (int i = 0; i < k8; i++) {
            cd8.add(newClone(responder ? RESPONDER_MOTIF_RATE : OTHER_MOTIF_RATE, rng));
        }
        for (int i = 0; i < k4; i++) {
            cd4.add(newClone(FRESH_MOTIF_RATE, rng));
        }
        cd8Weights = zipf(k8);
        cd4Weights = zipf(k4);
    }

    private static double[] zipf(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 / StrictMath.pow(i + 1, ZIPF_EXPONENT);
        }
        return w;
    }

    private Clone newClone(double motifRate, Rng rng) {
        Chain tra = segments.rearrange("TRA", null, rng);
        Chain tra2 = rng.chance(DUAL_ALPHA_RATE) ? segments.rearrange("TRA", null, rng) : null;
        Chain trb = segments.rearrange("TRB", rng.chance(motifRate) ? SyntheticCohort.RESPONSE_MOTIF : null, rng);
        return new Clone(tra, tra2, trb);
    }

    /** The clone of a T cell in the given state. */
    Clone cloneFor(CellState state, Rng rng) {
        if (rng.chance(state.expandedFraction())) {
            return state.isCd8() ? cd8.get(rng.pick(cd8Weights)) : cd4.get(rng.pick(cd4Weights));
        }
        return newClone(FRESH_MOTIF_RATE, rng);
    }

    TcrSegments segments() {
        return segments;
    }
}
