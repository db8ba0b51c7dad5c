package org.cellbook.core.tcr;

import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.DenseMatrix;

/**
 * One-hot encoding of padded CDR3 sequences: {@code maxLength} positions x 20 amino acids
 * ({@link Cdr3#ALPHABET} order), position-major, columns named {@code p01_A ... p01_Y, p02_A ...}.
 *
 * <p>Padding is at the end (sequences are left-aligned, so position 1 is always the conserved
 * leading cysteine): positions past a sequence's length are all zeros. A sequence longer than
 * {@code maxLength} is truncated to its first {@code maxLength} residues; use {@link #fit} to size
 * the encoding from training data. A missing sequence is an all-zero row.
 */
public final class OneHotEncoding {
    private final int maxLength;

    public OneHotEncoding(int maxLength) {
        if (maxLength < 1) {
            throw BadInputException.parameter("maxLength", "must be at least 1, got " + maxLength,
                    "pass the longest CDR3 length to encode, or use OneHotEncoding.fit");
        }
        this.maxLength = maxLength;
    }

    /** Sized to the longest of the (cleaned) sequences. */
    public static OneHotEncoding fit(List<String> sequences) {
        int max = 0;
        for (String s : sequences) {
            if (s != null) {
                max = Math.max(max, s.length());
            }
        }
        if (max == 0) {
            throw BadInputException.parameter("sequences", "no sequence to size the one-hot encoding",
                    "pass at least one non-missing CDR3 or give maxLength explicitly");
        }
        return new OneHotEncoding(max);
    }

    public int maxLength() {
        return maxLength;
    }

    public List<String> names() {
        List<String> n = new ArrayList<>(maxLength * 20);
        for (int p = 1; p <= maxLength; p++) {
            for (int a = 0; a < 20; a++) {
                n.add(String.format("p%02d_%c", p, Cdr3.ALPHABET.charAt(a)));
            }
        }
        return n;
    }

    public DenseMatrix transform(List<String> sequences) {
        int width = maxLength * 20;
        float[] out = new float[sequences.size() * width];
        for (int i = 0; i < sequences.size(); i++) {
            String s = sequences.get(i);
            if (s == null) {
                continue;
            }
            int len = Math.min(s.length(), maxLength);
            for (int p = 0; p < len; p++) {
                out[i * width + p * 20 + Cdr3.ALPHABET.indexOf(s.charAt(p))] = 1f;
            }
        }
        return new DenseMatrix(sequences.size(), width, out);
    }
}
