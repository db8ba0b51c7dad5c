package org.cellbook.cli;

import java.util.Locale;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.PipelineConfig;
import picocli.CommandLine.Option;

/** The options {@code run} and {@code demo} share: cache, replay and fold executor. */
final class ExecutionOptions {
    @Option(names = "--no-cache", description = "compute every step (the cache is neither read nor written)")
    boolean noCache;

    @Option(names = "--no-replay",
            description = "run every cell even when nothing changed since the last run (pipeline steps still come from the cache)")
    boolean noReplay;

    @Option(names = "--executor", paramLabel = "KIND",
            description = "fold executor: sequential, threads, ray or auto (Ray when a Ray address is given, else threads; default: the config's)")
    String executor;

    @Option(names = "--ray-address", paramLabel = "HOST:PORT",
            description = "Ray cluster head (default: config execution.ray_address, then RAY_ADDRESS); see cellbook ray start")
    String rayAddress;

    @Option(names = "--workers", paramLabel = "N", description = "workers for the threads executor; 0 = one per core")
    Integer workers;

    PipelineConfig.ExecutorKind executorKind() {
        if (executor == null) {
            return null;
        }
        return switch (executor.toLowerCase(Locale.ROOT)) {
            case "sequential" -> PipelineConfig.ExecutorKind.SEQUENTIAL;
            case "threads" -> PipelineConfig.ExecutorKind.THREADS;
            case "auto" -> PipelineConfig.ExecutorKind.AUTO;
            case "ray" -> PipelineConfig.ExecutorKind.RAY;
            default -> throw BadInputException.parameter("--executor", "unknown executor '" + executor + "'",
                    "use sequential, threads, ray or auto");
        };
    }
}
