package org.cellbook.kernel.exec;

import java.util.List;

/**
 * Why a cell did not finish: what the kernel reports as {@code ename}, {@code evalue} and the
 * traceback lines. Subclasses say which of the four ways it went wrong.
 */
public abstract sealed class CellFailure extends Exception
        permits CellFailure.Compile, CellFailure.Thrown, CellFailure.Stopped, CellFailure.Incomplete {
    private final String ename;
    private final List<String> traceback;

    private CellFailure(String ename, String evalue, List<String> traceback, Throwable cause) {
        super(evalue, cause, false, false);
        this.ename = ename;
        this.traceback = List.copyOf(traceback);
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return getMessage();
    }

    public List<String> traceback() {
        return traceback;
    }

    /** The snippet did not compile; the traceback shows the source with the diagnostic. */
    public static final class Compile extends CellFailure {
        public Compile(String evalue, List<String> traceback) {
            super("CompilationException", evalue, traceback, null);
        }
    }

    /** User code threw; the cause is the exception itself, with its real class. */
    public static final class Thrown extends CellFailure {
        public Thrown(Throwable cause, List<String> traceback) {
            super(cause.getClass().getName(), String.valueOf(cause.getMessage()), traceback, cause);
        }
    }

    /** The cell was stopped: by an interrupt request or by the per-cell timeout. */
    public static final class Stopped extends CellFailure {
        private final boolean timedOut;

        public Stopped(boolean timedOut, String evalue) {
            super(timedOut ? "TimeoutException" : "InterruptedException", evalue, List.of(evalue), null);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    /** The cell ends in the middle of a statement. */
    public static final class Incomplete extends CellFailure {
        public Incomplete(String remaining) {
            super("IncompleteSourceException", "the cell ends in an incomplete statement: " + remaining,
                    List.of("the cell ends in an incomplete statement:", remaining), null);
        }
    }
}
