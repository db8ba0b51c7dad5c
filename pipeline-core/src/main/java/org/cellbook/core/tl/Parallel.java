package org.cellbook.core.tl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent blocks of a range on a fixed number of threads. Callers only write to the
 * parts of their output that belong to a block, so results never depend on the thread count
 * or on scheduling.
 */
final class Parallel {
    /** Work on the half-open range [from, to) of items. */
    interface Block {
        void run(int from, int to);
    }

    private Parallel() {
    }

    /**
     * A fixed set of threads reused across many rounds of small tasks (e.g. UMAP's epochs, two
     * rounds each); with one thread the tasks run on the caller, in order.
     */
    static final class Pool implements AutoCloseable {
        private final ExecutorService pool;
        private final int threads;

        Pool(int threads) {
            this.threads = threads;
            pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "cellbook-tl");
                t.setDaemon(true);
                return t;
            });
        }

        /** Runs {@code task.accept(0 .. nTasks - 1)} and waits for all of them. */
        void forEach(int nTasks, java.util.function.IntConsumer task) {
            if (pool == null) {
                for (int i = 0; i < nTasks; i++) {
                    task.accept(i);
                }
                return;
            }
            // One job per thread taking the next task index: rounds are short, so no future per task.
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            int jobs = Math.min(threads, nTasks);
            List<Future<?>> futures = new ArrayList<>(jobs);
            for (int j = 0; j < jobs; j++) {
                futures.add(pool.submit(() -> {
                    for (int t = next.getAndIncrement(); t < nTasks; t = next.getAndIncrement()) {
                        task.accept(t);
                    }
                }));
            }
            waitAll(futures);
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Default thread count: the available processors. */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    static void forBlocks(int n, int blockSize, int threads, Block block) {
        int nBlocks = (n + blockSize - 1) / blockSize;
        if (threads <= 1 || nBlocks <= 1) {
            for (int b = 0; b < nBlocks; b++) {
                block.run(b * blockSize, Math.min(n, (b + 1) * blockSize));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, nBlocks), r -> {
            Thread t = new Thread(r, "cellbook-tl");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(nBlocks);
            for (int b = 0; b < nBlocks; b++) {
                int from = b * blockSize;
                int to = Math.min(n, from + blockSize);
                futures.add(pool.submit(() -> block.run(from, to)));
            }
            waitAll(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitAll(List<Future<?>> futures) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
