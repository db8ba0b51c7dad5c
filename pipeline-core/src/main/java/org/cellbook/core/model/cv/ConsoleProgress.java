package org.cellbook.core.model.cv;

import java.io.PrintStream;

/** One updating line on stderr: {@code [#####.....] 12/42 tasks  elapsed 1m05s  ETA 2m33s}. */
public final class ConsoleProgress implements ProgressListener {
    private final PrintStream out;
    private long start;

    public ConsoleProgress() {
        this(System.err);
    }

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(int totalTasks) {
        start = System.nanoTime();
        out.print("\r" + line(0, totalTasks, 0));
        out.flush();
    }

    @Override
    public synchronized void taskFinished(int done, int total, FoldResult result) {
        out.print("\r" + line(done, total, (System.nanoTime() - start) / 1_000_000));
        out.flush();
    }

    @Override
    public synchronized void finished() {
        out.println();
    }

    /** The bar's text, for given progress and elapsed milliseconds. */
    static String line(int done, int total, long elapsedMs) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        String eta = done == 0 ? "?" : duration(elapsedMs * (total - done) / done);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total
                + " tasks  elapsed " + duration(elapsedMs) + "  ETA " + eta + "   ";
    }

    static String duration(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
