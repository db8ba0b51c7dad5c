package org.cellbook.core.model.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.features.FeatureSet;

/** Runs tasks on {@code n} threads; results are gathered in task order, not completion order. */
final class ThreadPoolExecutor implements FoldExecutor {
    private final int threads;

    ThreadPoolExecutor(int threads) {
        if (threads < 1) {
            throw BadInputException.parameter("threads", "must be at least 1, got " + threads, "use 1 or more threads");
        }
        this.threads = threads;
    }

    @Override
    public List<FoldResult> run(List<FoldTask> tasks, Map<String, FeatureSet> data, ProgressListener progress) {
        for (FoldTask t : tasks) {
            FoldTaskRunner.featureSet(data, t); // fail before starting anything
        }
        progress.started(tasks.size());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "cellbook-fold");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<FoldResult>> futures = new ArrayList<>(tasks.size());
            for (FoldTask t : tasks) {
                futures.add(pool.submit(() -> {
                    FoldResult r = FoldTaskRunner.run(t, FoldTaskRunner.featureSet(data, t));
                    progress.taskFinished(done.incrementAndGet(), tasks.size(), r);
                    return r;
                }));
            }
            List<FoldResult> out = new ArrayList<>(tasks.size());
            for (Future<FoldResult> f : futures) {
                out.add(f.get());
            }
            progress.finished();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running fold tasks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
