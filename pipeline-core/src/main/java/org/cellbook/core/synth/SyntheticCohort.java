package org.cellbook.core.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.cellbook.core.io.SampleSheet.Response;

/**
 * A synthetic single-cell immunotherapy cohort with a known answer: expression and T-cell
 * receptor data for patients sampled before ({@value #PRE}) and on ({@value #ON}) treatment,
 * written in Cell Ranger's layouts so every reader and pipeline step can be exercised without
 * patient data.
 *
 * <p><b>Content.</b> Ten cell states ({@link CellState}: CD4 naive/memory/regulatory, CD8
 * naive/effector-memory/cytotoxic-effector/exhausted, NK, B, monocytes) with marker genes,
 * negative-binomial counts and log-normal library sizes ({@link ExpressionModel}), 5% damaged
 * cells (high mitochondrial fraction, low counts), and receptors for about 70% of T cells with
 * clonal expansion, dual-alpha cells and non-productive contigs ({@link SampleSimulator},
 * {@link Repertoire}, {@link TcrSegments}).
 *
 * <p><b>Response signal.</b> Patients alternate responder (P01, P03, ...) and non-responder.
 * Two effects, both documented in the cohort's {@code synth.json} ({@code signal}):
 * <ul>
 * <li><i>An interferon-gamma response programme</i> ({@link CellState#RESPONSE_PROGRAMME}: STAT1,
 * IRF1, ISG15, ... HLA-DRA, CD274, IDO1, CXCL10, after the IFN-gamma gene-expression profile that
 * predicts response to PD-1 blockade): switched on in a fraction {@value #PROGRAMME_RATE_RESPONDER}
 * of a responder's cells, whatever their state, and in {@value #PROGRAMME_RATE_NON_RESPONDER} of a
 * non-responder's (inflammation is not exclusive to responders). This is the per-cell-learnable
 * part: a cell showing the programme is much more likely to come from a responder, and the
 * programme's genes are the same in every patient, so a model trained on some patients transfers
 * to a held-out one.</li>
 * <li><i>Composition</i>: responders have {@value #RESPONSE_FOLD}x the share of
 * {@link #RESPONSE_STATE} cells (and a further {@value #ON_TREATMENT_FOLD}x on treatment), and
 * their expanded CD8 clones carry the TRB CDR3 motif {@value #RESPONSE_MOTIF} more often.</li>
 * </ul>
 * Every patient's state shares also vary log-normally (sd {@value #PATIENT_SHARE_SIGMA}, plus
 * {@value #SAMPLE_SHARE_SIGMA} per sample), so the groups overlap.
 *
 * <p>Why the programme: with composition alone (effector share 1.5x) a single cell says little
 * about its patient's response, and leave-one-patient-out cross-validation on the demo cohort
 * scored at chance (pooled cell ROC-AUC about 0.5). With the programme a cell-level classifier
 * can reach a pooled cell ROC-AUC of about 0.5 * (1 + 0.55 - 0.10) = 0.73 at best (the cells
 * without it look alike in both groups), and patient-level scores (mean probability over a
 * patient's cells) separate the groups well: a classifier beats chance clearly but is not perfect
 * at the cell level.
 *
 * <p><b>Determinism.</b> Everything follows from the seed: cohort-wide parts (genes, profiles,
 * segments, patients) from fixed streams, each sample from its own stream keyed by its
 * position, so samples may be generated in parallel with identical results.
 */
public final class SyntheticCohort {
    public static final String PRE = "pre";
    public static final String ON = "on";
    public static final CellState RESPONSE_STATE = CellState.CD8_EFFECTOR;
    public static final double RESPONSE_FOLD = 2.0;
    public static final double PROGRAMME_RATE_RESPONDER = 0.55;
    public static final double PROGRAMME_RATE_NON_RESPONDER = 0.10;
    public static final double ON_TREATMENT_FOLD = 1.25;
    public static final String RESPONSE_MOTIF = "SPGQ";
    static final double PATIENT_SHARE_SIGMA = 0.3;
    static final double SAMPLE_SHARE_SIGMA = 0.1;

    static final long STREAM_COHORT = 1;
    static final long STREAM_PATIENT = 2;
    static final long STREAM_SAMPLE = 3;
    private static final int SAMPLE_SHARES = 9;

    private final SynthParams params;
    private final GenePanel panel;
    private final ExpressionModel model;
    private final List<Repertoire> repertoires = new ArrayList<>();
    private final List<double[]> patientShift = new ArrayList<>();
    private final List<SampleInfo> samples = new ArrayList<>();

    private SyntheticCohort(SynthParams params) {
        this.params = params;
        long seed = params.seed();
        this.panel = new GenePanel(params.genes(), Rng.stream(seed, STREAM_COHORT, 1));
        this.model = new ExpressionModel(panel, Rng.stream(seed, STREAM_COHORT, 2));
        TcrSegments segments = new TcrSegments(Rng.stream(seed, STREAM_COHORT, 3));
        int width = Math.max(2, String.valueOf(params.patients()).length());
        for (int p = 0; p < params.patients(); p++) {
            Rng rng = Rng.stream(seed, STREAM_PATIENT, p);
            Response response = p % 2 == 0 ? Response.RESPONDER : Response.NON_RESPONDER;
            double[] shift = new double[CellState.values().length];
            for (int s = 0; s < shift.length; s++) {
                shift[s] = PATIENT_SHARE_SIGMA * rng.gaussian();
            }
            patientShift.add(shift);
            repertoires.add(new Repertoire(segments, response == Response.RESPONDER, params.cellsPerSample(), rng));
            String patient = String.format(Locale.ROOT, "P%0" + width + "d", p + 1);
            for (String tp : List.of(PRE, ON)) {
                samples.add(new SampleInfo(samples.size(), patient + "_" + tp, patient, p, tp, response));
            }
        }
    }

    /** Validates the parameters and sets up the cohort (cheap; samples are generated on demand). */
    public static SyntheticCohort plan(SynthParams params) {
        return new SyntheticCohort(params.validate());
    }

    public SynthParams params() {
        return params;
    }

    public List<SampleInfo> samples() {
        return List.copyOf(samples);
    }

    /** Gene ids (features.tsv column 1) in file order. */
    public List<String> geneIds() {
        return panel.ids();
    }

    /** Gene symbols (features.tsv column 2) in file order. */
    public List<String> geneSymbols() {
        return panel.symbols();
    }

    /** Generates one sample in memory; thread-safe, same result whatever the order. */
    public SyntheticSample generate(int sampleIndex) {
        return SampleSimulator.simulate(this, samples.get(sampleIndex));
    }

    /**
     * Writes the cohort in Cell Ranger layout (see {@link CohortWriter}).
     *
     * @param force replace an existing non-empty cohort folder
     * @param threads samples generated at once (does not change the output)
     * @param progress receives one line per finished sample
     */
    public CohortWriter.Summary write(Path dir, boolean force, int threads, Consumer<String> progress) {
        return new CohortWriter(this).write(dir, force, threads, progress);
    }

    /** Expected state shares of a sample (sum 1): base shares, patient and sample variation, response effect. */
    double[] stateShares(SampleInfo s) {
        CellState[] states = CellState.values();
        Rng rng = Rng.stream(params.seed(), STREAM_SAMPLE, s.index(), SAMPLE_SHARES);
        double[] w = new double[states.length];
        double total = 0;
        for (CellState c : states) {
            double x = c.baseShare() * StrictMath.exp(patientShift.get(s.patientIndex())[c.ordinal()]
                    + SAMPLE_SHARE_SIGMA * rng.gaussian());
            if (c == RESPONSE_STATE && s.response() == Response.RESPONDER) {
                x *= RESPONSE_FOLD * (s.onTreatment() ? ON_TREATMENT_FOLD : 1);
            }
            w[c.ordinal()] = x;
            total += x;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }

    /** Probability that a cell of the sample shows the response programme. */
    double programmeRate(SampleInfo s) {
        return s.response() == Response.RESPONDER ? PROGRAMME_RATE_RESPONDER : PROGRAMME_RATE_NON_RESPONDER;
    }

    ExpressionModel model() {
        return model;
    }

    Repertoire repertoire(int patientIndex) {
        return repertoires.get(patientIndex);
    }
}
