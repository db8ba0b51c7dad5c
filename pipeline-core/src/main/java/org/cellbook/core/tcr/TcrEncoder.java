package org.cellbook.core.tcr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.DenseMatrix;

/**
 * Encodes the TRA and/or TRB CDR3 of every cell into a feature matrix, fitted on one set of
 * cells and applicable to others (fit inside a cross-validation fold, transform the held-out one).
 *
 * <p>Layout: for each encoded chain (TRA first) a column {@code <chain>_has_chain} (1 when the
 * cell has a usable CDR3 for that chain, else 0) followed by that chain's features, all named
 * {@code <chain>_<feature>}: {@code TRA_kmer_CAS}, {@code TRB_p03_S}, {@code TRA_gravy}. A cell
 * without the chain (missing, or non-productive, see {@link Cdr3}) has {@code has_chain = 0} and
 * zeros in every feature of that chain. For {@link Chains#BOTH} the TRA block and the TRB block are
 * side by side; each chain has its own vocabulary / one-hot length.
 *
 * <p>k-mer encodings are sparse ({@code CsrMatrix}), one-hot and physicochemical ones dense.
 */
public final class TcrEncoder {
    /** Which chains to encode. */
    public enum Chains { TRA, TRB, BOTH }

    /** What to compute per chain. */
    public sealed interface Kind permits Kmers, OneHot, Physicochemical {
    }

    /** Character k-mer counts, see {@link KmerVocabulary}. */
    public record Kmers(int k) implements Kind {
    }

    /** Padded one-hot, see {@link OneHotEncoding}; {@code maxLength == 0} sizes it on the fitting data. */
    public record OneHot(int maxLength) implements Kind {
    }

    /** The eleven features of {@link PhysicochemicalFeatures}. */
    public record Physicochemical() implements Kind {
    }

    private final Chains chains;
    private final Cdr3.InvalidCharacters policy;
    private final Function<List<String>, FeatureBlock> tra;
    private final Function<List<String>, FeatureBlock> trb;

    private TcrEncoder(Chains chains, Cdr3.InvalidCharacters policy,
                       Function<List<String>, FeatureBlock> tra, Function<List<String>, FeatureBlock> trb) {
        this.chains = chains;
        this.policy = policy;
        this.tra = tra;
        this.trb = trb;
    }

    /**
     * Fits on the given cells. {@code traCdr3} / {@code trbCdr3} are raw CDR3 columns (one entry per
     * cell, null when the cell has no such chain); the one not encoded may be null.
     */
    public static TcrEncoder fit(Kind kind, Chains chains, List<String> traCdr3, List<String> trbCdr3,
                                 Cdr3.InvalidCharacters policy) {
        checkInputs(chains, traCdr3, trbCdr3);
        Function<List<String>, FeatureBlock> a = chains == Chains.TRB ? null
                : fitChain(kind, Cdr3.cleanAll(traCdr3, policy, "TRA"), "TRA");
        Function<List<String>, FeatureBlock> b = chains == Chains.TRA ? null
                : fitChain(kind, Cdr3.cleanAll(trbCdr3, policy, "TRB"), "TRB");
        return new TcrEncoder(chains, policy, a, b);
    }

    /** {@link #fit} rejecting CDR3s with non-amino-acid characters. */
    public static TcrEncoder fit(Kind kind, Chains chains, List<String> traCdr3, List<String> trbCdr3) {
        return fit(kind, chains, traCdr3, trbCdr3, Cdr3.InvalidCharacters.REJECT);
    }

    /** Encodes cells with what was fitted (same column layout whatever the cells). */
    public FeatureBlock transform(List<String> traCdr3, List<String> trbCdr3) {
        checkInputs(chains, traCdr3, trbCdr3);
        List<FeatureBlock> blocks = new ArrayList<>();
        if (tra != null) {
            blocks.add(tra.apply(Cdr3.cleanAll(traCdr3, policy, "TRA")));
        }
        if (trb != null) {
            blocks.add(trb.apply(Cdr3.cleanAll(trbCdr3, policy, "TRB")));
        }
        return FeatureBlock.hstack(blocks);
    }

    private static void checkInputs(Chains chains, List<String> tra, List<String> trb) {
        if (chains != Chains.TRB && tra == null) {
            throw BadInputException.parameter("traCdr3", "no TRA CDR3 column given for a " + chains + " encoding",
                    "pass the TRA column (nulls for cells without TRA)");
        }
        if (chains != Chains.TRA && trb == null) {
            throw BadInputException.parameter("trbCdr3", "no TRB CDR3 column given for a " + chains + " encoding",
                    "pass the TRB column (nulls for cells without TRB)");
        }
        if (chains == Chains.BOTH && tra.size() != trb.size()) {
            throw BadInputException.parameter("trbCdr3", "TRA has " + tra.size() + " cells but TRB has " + trb.size(),
                    "give one entry per cell in both columns");
        }
    }

    private static Function<List<String>, FeatureBlock> fitChain(Kind kind, List<String> fitting, String chain) {
        Function<List<String>, FeatureBlock> features = switch (kind) {
            case Kmers k -> {
                KmerVocabulary v = KmerVocabulary.fit(fitting, k.k());
                List<String> names = v.kmers().stream().map(s -> "kmer_" + s).toList();
                yield seqs -> new FeatureBlock(v.transform(seqs), names);
            }
            case OneHot o -> {
                OneHotEncoding e = o.maxLength() == 0 ? OneHotEncoding.fit(fitting) : new OneHotEncoding(o.maxLength());
                List<String> names = e.names();
                yield seqs -> new FeatureBlock(e.transform(seqs), names);
            }
            case Physicochemical p -> seqs -> new FeatureBlock(PhysicochemicalFeatures.transform(seqs), PhysicochemicalFeatures.NAMES);
        };
        return seqs -> FeatureBlock.hstack(List.of(hasChain(seqs), features.apply(seqs))).prefixed(chain + "_");
    }

    private static FeatureBlock hasChain(List<String> cleaned) {
        float[] v = new float[cleaned.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = cleaned.get(i) == null ? 0f : 1f;
        }
        return new FeatureBlock(new DenseMatrix(v.length, 1, v), List.of("has_chain"));
    }
}
