package org.cellbook.core.model.cv;

/** Callbacks from a {@link FoldExecutor}; called from worker threads, so implementations synchronise. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    default void started(int totalTasks) {
    }

    /** One more task finished ({@code done} counts all finished so far, in any order). */
    default void taskFinished(int done, int total, FoldResult result) {
    }

    default void finished() {
    }
}
