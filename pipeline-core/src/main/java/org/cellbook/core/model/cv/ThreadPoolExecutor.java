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
import org.cellbook.core.model.classifiers.Classifiers;
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
            double[] costs = new double[order.length];
            for (int i = 0; i < order.length; i++) {
                costs[i] = cost(tasks.get(i), FoldTaskRunner.featureSet(data, tasks.get(i)).nFeatures());
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer i) -> -costs[i]).thenComparing(i -> i));
            // The column orders binning families share (FeatureSet.columnOrder, a sort per column,
            // ~0.2 s per reference feature set) first, one job per feature set in the order the tasks
            // will need them: computed inside the first such task, they left the other worker
            // waiting on the feature set's lock when both started with that set.
            java.util.Set<String> sorted = new java.util.HashSet<>();
            for (int i : order) {
                FoldTask t = tasks.get(i);
                if (Classifiers.byFamily(t.model().family()).usesColumnOrder() && sorted.add(t.featureSet())) {
                    pool.submit(FoldTaskRunner.featureSet(data, t)::columnOrder);
                }
            }
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
     * A relative size for ordering only (results never depend on the order): training rows x
     * features x fits x a per-family weight. The weights are fit seconds per row and feature
     * relative to logistic regression, measured on the reference cohort (1 worker, 70,000 cells:
     * random forest of 10 trees ~2x, bench/results/cv-eff-2026-11-23.json); a deep model's epochs
     * make it far slower than either. Without the family and the feature count the order was by
     * training rows alone, i.e. outer fold by outer fold, and the last tasks were a fold's big
     * random-forest and 42-feature logistic-regression ones: with the 42 reference tasks, list
     * scheduling of their measured durations on 2 workers gives a tail efficiency of 0.975 by rows
     * and 0.998 with this estimate (the small 30-feature logistic regressions end the run).
     */
    static double cost(FoldTask t, int nFeatures) {
        long fits = t.search().kind().equals("random") ? t.search().nIter() : 1;
        if (t.search().kind().equals("grid")) {
            for (var d : t.search().params().values()) {
                fits *= ((org.cellbook.core.model.search.ParamDistribution.Choice) d).values().size();
            }
        }
        return familyWeight(t.model().family()) * t.trainRows().length * Math.max(1, nFeatures) * (fits * t.innerSplits() + 1);
    }

    static double familyWeight(String family) {
        return switch (family) {
            case "logreg", "linear_svm" -> 1;
            case "random_forest", "xgboost" -> 2;
            case "mlp", "cnn1d", "bilstm", "transformer" -> 20;
            default -> 1;
        };
    }
}
