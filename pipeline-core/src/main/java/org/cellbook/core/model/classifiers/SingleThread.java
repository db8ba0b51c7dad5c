package org.cellbook.core.model.classifiers;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * Runs library code whose parallel streams would otherwise spread over the common pool on a
 * private one-thread ForkJoinPool (parallel streams started inside a pool's task stay in that
 * pool), so one fold task uses one core and the executor alone decides the parallelism.
 */
final class SingleThread {
    private SingleThread() {
    }

    static <T> T call(Supplier<T> work) {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            return pool.submit(work::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
