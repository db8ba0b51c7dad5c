package org.cellbook.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.cellbook.kernel.exec.EvaluatorSettings;
import org.cellbook.kernel.exec.JavaEvaluator;

/**
 * Starts the cells' evaluator (JShell and javac, with the default imports compiled) on a daemon
 * thread, so its second or so of start-up overlaps the work before the first cell: loading the
 * config and fingerprinting the inputs for the run's replay key. A run that replays never asks for
 * it; {@link #discard()} then closes it once built.
 */
final class EvaluatorStart {
    private final CompletableFuture<JavaEvaluator> future = new CompletableFuture<>();
    private volatile boolean discarded;

    private EvaluatorStart() {
    }

    static EvaluatorStart begin(EvaluatorSettings settings) {
        EvaluatorStart s = new EvaluatorStart();
        Thread t = new Thread(() -> {
            try {
                JavaEvaluator e = new JavaEvaluator(settings);
                s.future.complete(e);
                if (s.discarded) {
                    e.close();
                }
            } catch (Throwable e) {
                s.future.completeExceptionally(e);
            }
        }, "cellbook-evaluator-start");
        t.setDaemon(true); // a replayed run exits without waiting for it
        t.start();
        return s;
    }

    /** The evaluator, waiting for it to be built; its construction failure is rethrown as it was. */
    JavaEvaluator get() {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Not needed after all (the run replayed): close it when it is built. */
    void discard() {
        discarded = true;
        future.thenAccept(JavaEvaluator::close);
    }
}
