package org.cellbook.core.model.deep;

import ai.djl.ndarray.NDArray;
import org.cellbook.core.BadInputException;

/**
 * The input layout of the sequence models (CNN, BiLSTM, Transformer): each row is a padded
 * one-hot CDR3 sequence flattened position-major, {@code [length * 20]} with column
 * {@code position * 20 + aminoAcid} — the layout of {@code org.cellbook.core.tcr.OneHotEncoding}
 * (alphabet order ACDEFGHIKLMNPQRSTVWY, sequences left-aligned, positions past a sequence's end
 * all zero). The networks reshape a batch to {@code [batch, length, 20]}; a position whose 20
 * values are all zero is padding. Feed such a feature set without scaling transforms.
 */
public final class SequenceInput {
    /** Amino acids per position. */
    public static final int ALPHABET_SIZE = 20;

    private SequenceInput() {
    }

    /** The sequence length encoded in rows of {@code width} columns. */
    public static int length(int width, String family) {
        if (width < ALPHABET_SIZE || width % ALPHABET_SIZE != 0) {
            throw BadInputException.parameter(family + " input", "rows have " + width + " columns, not a positive multiple of "
                    + ALPHABET_SIZE, "feed one-hot CDR3 sequences (length x 20 columns, position-major) without other features");
        }
        return width / ALPHABET_SIZE;
    }

    /** {@code [batch, length * 20]} to {@code [batch, length, 20]}. */
    static NDArray reshape(NDArray rows, int length) {
        return rows.reshape(-1, length, ALPHABET_SIZE);
    }
}
