package org.cellbook.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work on another thread as if it had run on this one. */
public final class Futures {
    private Futures() {
    }

    /**
     * The future's value. A RuntimeException or Error it failed with is rethrown as it was (so a
     * {@link BadInputException} keeps its message and exit code); an interrupt keeps the interrupt
     * flag and says what was being waited for ({@code doing}, e.g. "loading samples").
     */
    public static <T> T join(Future<T> future, String doing) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
