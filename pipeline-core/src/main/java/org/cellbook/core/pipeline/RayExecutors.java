package org.cellbook.core.pipeline;

import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldTaskCache;
import org.cellbook.core.model.cv.ray.RayFoldExecutor;
import org.cellbook.core.model.cv.ray.RayOptions;

/**
 * The one place outside {@code model.cv.ray} that names the Ray executor, so the JVM loads Ray's
 * classes (and its native library) only when a run chose ray.
 */
final class RayExecutors {
    private RayExecutors() {
    }

    /**
     * A Ray executor connected to {@code address}, with this JVM's jars as the workers' code; with
     * a cache (or null), workers read and store fold results in its folder.
     */
    static FoldExecutor cluster(String address, double cpusPerTask, FoldTaskCache cache) {
        RayFoldExecutor ray = new RayFoldExecutor(RayOptions.cluster(address).withCpusPerTask(cpusPerTask));
        return cache == null ? ray : ray.withCache(cache);
    }
}
