package org.cellbook.parity;

/**
 * One way of deciding whether a port's value agrees with the original's. Implementations are
 * stateless apart from their tolerances; the original is always the reference (numpy.allclose's
 * {@code b}).
 */
public interface Comparison {

    /** The kind and tolerance, e.g. {@code allclose(rtol=1e-05, atol=1e-08)}. */
    String describe();

    /**
     * Compares; values of a kind this comparison cannot handle give a failing outcome that says
     * so (never an exception), so one bad item does not hide the others.
     */
    Outcome compare(ParityValue original, ParityValue port);

    /**
     * The verdict: pass or fail, the largest deviation (NaN when the comparison has no numeric
     * deviation) and where it is (index, row/column, or a list of differing members), plus a
     * one-line detail.
     */
    record Outcome(boolean pass, double deviation, String where, String detail) {
        public static Outcome mismatch(String detail) {
            return new Outcome(false, Double.NaN, "", detail);
        }
    }
}
