package org.cellbook.core.tcr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cellbook.core.BadInputException;

/**
 * Cleaning of CDR3 amino-acid sequences before encoding.
 *
 * <p>Rules, applied in order: {@code null}, blank, {@code "NA"}, {@code "None"} and {@code "nan"}
 * mean "this cell has no such chain" (missing). Otherwise the text is trimmed and upper-cased.
 * A sequence containing Cell Ranger's stop ({@code '*'}) or frameshift ({@code '_'}) marker is not
 * a productive CDR3 and is treated as missing too. Any other character outside the 20 standard
 * amino acids ({@link #ALPHABET}) is handled by the {@link InvalidCharacters} policy: rejected with
 * a {@link BadInputException} naming the cell (the default) or dropped from the sequence; a sequence
 * that is empty after dropping is missing.
 */
public final class Cdr3 {
    /** The 20 standard amino acids, in alphabetical order (the one-hot column order). */
    public static final String ALPHABET = "ACDEFGHIKLMNPQRSTVWY";

    /** What to do with characters that are neither standard amino acids nor stop/frameshift markers. */
    public enum InvalidCharacters { REJECT, DROP }

    private Cdr3() {
    }

    /** True for the 20 standard amino acids (upper case). */
    public static boolean isAminoAcid(char c) {
        return c < 128 && ALPHABET.indexOf(c) >= 0;
    }

    /**
     * The cleaned sequence, or {@code null} when the cell has no usable chain.
     *
     * @param where names the value in error messages, e.g. "TRA cdr3 of cell 12"
     */
    public static String clean(String raw, InvalidCharacters policy, String where) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim().toUpperCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("NA") || s.equals("NONE") || s.equals("NAN")) {
            return null;
        }
        if (s.indexOf('*') >= 0 || s.indexOf('_') >= 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isAminoAcid(c)) {
                out.append(c);
            } else if (policy == InvalidCharacters.REJECT) {
                throw new BadInputException(where, "CDR3 '" + raw + "' has character '" + c + "' at position " + (i + 1)
                        + ", which is not one of the 20 standard amino acids",
                        "fix the sequence or encode with InvalidCharacters.DROP");
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** Cleans a column; {@code chain} names it in error messages. */
    public static List<String> cleanAll(List<String> raw, InvalidCharacters policy, String chain) {
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(clean(raw.get(i), policy, chain + " CDR3 of cell " + i));
        }
        return out;
    }
}
