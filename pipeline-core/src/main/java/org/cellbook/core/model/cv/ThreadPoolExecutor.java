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
            // Submit the biggest tasks first (longest-processing-time order) so no thread is left
            // with a long task at the end; results are still read back in task order.
            Integer[] order = new Integer[tasks.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer i) -> -cost(tasks.get(i))).thenComparing(i -> i));
            List<Future<FoldResult>> futures = new ArrayList<>(java.util.Collections.nCopies(tasks.size(), null));
            for (int i : order) {
                FoldTask t = tasks.get(i);
                futures.set(i, pool.submit(() -> {
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

    /**
     * A relative size for ordering only: training rows times features times fits. Families differ
     * in cost per fit, but tasks of one family and feature set are ordered by their size.
     */
    static double cost(FoldTask t) {
        long fits = t.search().kind().equals("random") ? t.search().nIter() : 1;
        if (t.search().kind().equals("grid")) {
            for (var d : t.search().params().values()) {
                fits *= ((org.cellbook.core.model.search.ParamDistribution.Choice) d).values().size();
            }
        }
        return (double) t.trainRows().length * (fits * t.innerSplits() + 1);
    }
}
