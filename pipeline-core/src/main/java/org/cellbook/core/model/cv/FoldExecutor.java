package org.cellbook.core.model.cv;

import java.util.List;
import java.util.Map;
import org.cellbook.core.model.features.FeatureSet;

/**
 * Runs fold tasks against feature sets (passed separately from the tasks, by name) and returns
 * the results in task order. Results never depend on the implementation: each task carries its
 * seed and each fit runs on one thread.
 */
public interface FoldExecutor {
    List<FoldResult> run(List<FoldTask> tasks, Map<String, FeatureSet> data, ProgressListener progress);

    static FoldExecutor sequential() {
        return new SequentialExecutor();
    }

    /** A fixed pool of {@code n} worker threads. */
    static FoldExecutor threads(int n) {
        return new ThreadPoolExecutor(n);
    }
}
