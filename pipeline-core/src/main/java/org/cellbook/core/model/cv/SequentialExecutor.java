package org.cellbook.core.model.cv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.model.features.FeatureSet;

/** Runs tasks one after another on the calling thread. */
final class SequentialExecutor implements FoldExecutor {
    @Override
    public List<FoldResult> run(List<FoldTask> tasks, Map<String, FeatureSet> data, ProgressListener progress) {
        progress.started(tasks.size());
        List<FoldResult> out = new ArrayList<>(tasks.size());
        for (FoldTask t : tasks) {
            out.add(FoldTaskRunner.run(t, FoldTaskRunner.featureSet(data, t)));
            progress.taskFinished(out.size(), tasks.size(), out.get(out.size() - 1));
        }
        progress.finished();
        return out;
    }
}
