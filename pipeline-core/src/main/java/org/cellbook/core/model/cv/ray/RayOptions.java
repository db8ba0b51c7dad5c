package org.cellbook.core.model.cv.ray;

import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.BadInputException;

/**
 * How the Ray executor connects and schedules.
 *
 * @param address        {@code host:port} of a running cluster's GCS, or null for Ray's LOCAL run
 *                       mode (tasks on threads of this JVM, for tests)
 * @param codeSearchPath jars or folders of jars holding Cellbook and its dependencies, at the
 *                       same paths on every node (Ray's {@code ray.job.code-search-path}); ignored
 *                       in LOCAL mode
 * @param workerJvmOptions flags for the Java worker JVMs (the {@code --add-opens} Ray needs)
 * @param sessionDir     LOCAL mode only: Ray's session/log folder (null: Ray's default under /tmp)
 * @param cpusPerTask    CPUs each fold task asks the scheduler for
 * @param maxRetries     resubmissions of a task whose worker died (results are unchanged by a
 *                       retry: every task carries its seed)
 */
public record RayOptions(String address, List<Path> codeSearchPath, List<String> workerJvmOptions, Path sessionDir,
                         double cpusPerTask, int maxRetries) {
    public static final double DEFAULT_CPUS_PER_TASK = 1.0;
    public static final int DEFAULT_MAX_RETRIES = 3;

    public RayOptions {
        codeSearchPath = List.copyOf(codeSearchPath);
        workerJvmOptions = List.copyOf(workerJvmOptions);
        if (!(cpusPerTask > 0)) {
            throw BadInputException.parameter("ray cpus per task", "must be positive, got " + cpusPerTask, "use 1");
        }
        if (maxRetries < 0) {
            throw BadInputException.parameter("ray max retries", "must not be negative, got " + maxRetries, "use 3");
        }
    }

    /** Ray's LOCAL run mode (one JVM, no cluster): for tests. */
    public static RayOptions local(Path sessionDir) {
        return new RayOptions(null, List.of(), List.of(), sessionDir, DEFAULT_CPUS_PER_TASK, DEFAULT_MAX_RETRIES);
    }

    /** A running cluster, with this JVM's jars ({@link RayCodePath}) and JVM flags for the workers. */
    public static RayOptions cluster(String address) {
        return new RayOptions(address, RayCodePath.resolve(), RayCodePath.workerJvmOptions(), null,
                DEFAULT_CPUS_PER_TASK, DEFAULT_MAX_RETRIES);
    }

    public boolean localMode() {
        return address == null;
    }

    public RayOptions withCpusPerTask(double cpus) {
        return new RayOptions(address, codeSearchPath, workerJvmOptions, sessionDir, cpus, maxRetries);
    }

    public RayOptions withMaxRetries(int n) {
        return new RayOptions(address, codeSearchPath, workerJvmOptions, sessionDir, cpusPerTask, n);
    }

    public RayOptions withCodeSearchPath(List<Path> paths) {
        return new RayOptions(address, paths, workerJvmOptions, sessionDir, cpusPerTask, maxRetries);
    }
}
