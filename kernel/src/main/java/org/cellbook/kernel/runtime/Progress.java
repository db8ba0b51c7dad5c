package org.cellbook.kernel.runtime;

/**
 * A progress bar for long cells: shown once as a display with an id, then updated in place
 * ({@code update_display_data}), at most every {@link #MIN_INTERVAL_NANOS} so fast loops do not flood
 * the front end. Use with try-with-resources or call {@link #close()} to show the final state.
 */
public final class Progress implements AutoCloseable {
    static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final String displayId;
    private final long started = System.nanoTime();
    private long done;
    private long lastShown;

    Progress(String label, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("progress total must be >= 0, got " + total);
        }
        this.label = label;
        this.total = total;
        this.displayId = Display.display(Display.html(html()));
        this.lastShown = System.nanoTime();
    }

    /** One more unit done. */
    public synchronized void step() {
        set(done + 1);
    }

    /** {@code n} units done so far. */
    public synchronized void set(long n) {
        done = Math.min(Math.max(n, 0), total);
        long now = System.nanoTime();
        if (done == total || now - lastShown >= MIN_INTERVAL_NANOS) {
            lastShown = now;
            Display.updateDisplay(displayId, Display.html(html()));
        }
    }

    public String displayId() {
        return displayId;
    }

    @Override
    public synchronized void close() {
        Display.updateDisplay(displayId, Display.html(html()));
    }

    private String html() {
        double frac = total == 0 ? 1 : (double) done / total;
        double secs = (System.nanoTime() - started) / 1e9;
        return String.format("<div class=\"cellbook-progress\">%s <progress value=\"%d\" max=\"%d\" style=\"width:40%%\"></progress> %d/%d (%.0f%%) %.1fs</div>",
                label == null ? "" : org.cellbook.kernel.display.DisplayRegistry.plainText(label).replace("<", "&lt;"),
                done, Math.max(total, 1), done, total, 100 * frac, secs);
    }

    @Override
    public String toString() {
        return label + " " + done + "/" + total;
    }
}
