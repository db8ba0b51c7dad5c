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
        } finally {
            pool.shutdownNow();
        }
    }
}
