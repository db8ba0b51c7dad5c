package org.cellbook.core.tcr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;

/**
 * Character k-mer counts of CDR3 sequences, the equivalent of scikit-learn's
 * {@code CountVectorizer(analyzer='char', ngram_range=(k, k), lowercase=False)}.
 *
 * <p>{@link #fit} collects every k-mer of the given sequences; columns are the k-mers sorted by
 * code point, the order of {@code CountVectorizer.vocabulary_} / {@code get_feature_names_out()}.
 * {@link #transform} counts k-mers of any sequences against that fixed vocabulary and ignores
 * k-mers it has not seen, so a vocabulary fitted on a training fold applies unchanged to the
 * held-out fold. A missing sequence ({@code null}) or one shorter than k is an all-zero row,
 * as CountVectorizer gives for an empty document.
 *
 * <p>Deviation: CountVectorizer raises "empty vocabulary" when fitted on documents with no
 * k-mer at all; here that is a {@link BadInputException} too, naming the parameter k.
 */
public final class KmerVocabulary {
    private final int k;
    private final List<String> kmers;
    private final Map<String, Integer> column;

    private KmerVocabulary(int k, List<String> kmers) {
        this.k = k;
        this.kmers = List.copyOf(kmers);
        this.column = new HashMap<>(kmers.size() * 2);
        for (int i = 0; i < kmers.size(); i++) {
            column.put(kmers.get(i), i);
        }
    }

    /** Learns the sorted k-mer vocabulary of the (cleaned) sequences; nulls are skipped. */
    public static KmerVocabulary fit(List<String> sequences, int k) {
        if (k < 1) {
            throw BadInputException.parameter("k", "k-mer length must be at least 1, got " + k, "use k >= 1 (typically 2-4)");
        }
        TreeSet<String> all = new TreeSet<>();
        for (String s : sequences) {
            if (s != null) {
                for (int i = 0; i + k <= s.length(); i++) {
                    all.add(s.substring(i, i + k));
                }
            }
        }
        if (all.isEmpty()) {
            throw BadInputException.parameter("k", "no sequence is at least " + k + " residues long, so the k-mer vocabulary is empty",
                    "use a smaller k or check that the CDR3 column is not empty");
        }
        return new KmerVocabulary(k, new ArrayList<>(all));
    }

    public int k() {
        return k;
    }

    /** Column names: the k-mers in column order. */
    public List<String> kmers() {
        return kmers;
    }

    public int size() {
        return kmers.size();
    }

    /** Counts per sequence (rows) and vocabulary k-mer (columns); unknown k-mers are ignored. */
    public CsrMatrix transform(List<String> sequences) {
        CsrMatrix.Builder b = new CsrMatrix.Builder(kmers.size());
        int[] cols = new int[64];
        float[] ones = new float[64];
        for (String s : sequences) {
            int len = 0;
            if (s != null) {
                int n = Math.max(0, s.length() - k + 1);
                if (cols.length < n) {
                    cols = new int[n];
                    ones = new float[n];
                }
                for (int i = 0; i < n; i++) {
                    Integer c = column.get(s.substring(i, i + k));
                    if (c != null) {
                        cols[len] = c;
                        ones[len++] = 1f;
                    }
                }
            }
            // addRow sorts the columns and sums repeats into counts.
            b.addRow(cols, ones, len);
        }
        return b.build();
    }
}
