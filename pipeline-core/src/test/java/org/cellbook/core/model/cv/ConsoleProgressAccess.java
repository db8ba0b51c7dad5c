package org.cellbook.core.model.cv;

/** Test access to the package-private progress line. */
public final class ConsoleProgressAccess {
    private ConsoleProgressAccess() {
    }

    public static String line(int done, int total, long elapsedMs) {
        return ConsoleProgress.line(done, total, elapsedMs);
    }
}
