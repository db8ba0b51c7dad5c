package org.cellbook.core.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cellbook.cache.CacheLocation;
import org.cellbook.cache.CacheStore;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.ConfigLoader;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldTaskCache;

/**
 * What a notebook run works with: the resolved configuration, the cache, a {@link StepRunner}, the
 * results folder, the fold executor and a log. {@code cellbook run} installs one before the first
 * cell; in the interactive kernel {@link #current(String)} builds one from the notebook's own
 * config path (defaults when it does not exist), with the cache at its usual place.
 */
public final class RunContext {
    private static volatile RunContext installed;

    private final ConfigLoader.Resolved<PipelineConfig> resolved;
    private final Path configFile;
    private final Path baseDir;
    private final CacheStore cache;
    private final StepRunner steps;
    private final Path resultsDir;
    private final PipelineConfig.ExecutorKind executor;
    private final int workers;
    private final String rayAddress;
    private final Consumer<String> log;
    private final boolean interactive;
    private final List<Path> outputs = new ArrayList<>();

    private RunContext(ConfigLoader.Resolved<PipelineConfig> resolved, Path configFile, CacheStore cache,
                       PipelineConfig.ExecutorKind executor, int workers, String rayAddress, Consumer<String> log,
                       boolean interactive) {
        this.resolved = resolved;
        this.configFile = configFile;
        this.baseDir = configFile == null ? Path.of("").toAbsolutePath()
                : configFile.toAbsolutePath().getParent();
        this.cache = cache;
        this.log = log;
        this.steps = new StepRunner(cache, log);
        this.resultsDir = baseDir.resolve(resolved.config().data().resultsDir()).normalize();
        this.executor = executor;
        this.workers = workers;
        this.rayAddress = rayAddress;
        this.interactive = interactive;
    }

    /**
     * A context for a headless run.
     *
     * @param configFile YAML config or null for the defaults
     * @param overrides  {@code key.path=value} overrides (highest precedence)
     * @param cacheDir   cache folder, or null for config cache.dir / CELLBOOK_CACHE_DIR / .cellbook/cache
     * @param noCache    compute everything (cache off)
     * @param executor   fold executor, or null for the config's
     * @param workers    workers, or null for the config's (0 = one per core)
     */
    public static RunContext create(Path configFile, Map<String, String> env, List<String> overrides, Path cacheDir,
                                    boolean noCache, PipelineConfig.ExecutorKind executor, Integer workers,
                                    Consumer<String> log) {
        return create(configFile, env, overrides, cacheDir, noCache, executor, workers, null, log);
    }

    /**
     * As above, with a Ray address ({@code --ray-address}); null falls back to the config's
     * {@code execution.ray_address}, then to {@code RAY_ADDRESS} in {@code env}. The executor
     * {@code auto} becomes ray when there is an address and threads otherwise; {@code ray}
     * without an address is bad input (exit 2), raised here, before any cell runs.
     */
    public static RunContext create(Path configFile, Map<String, String> env, List<String> overrides, Path cacheDir,
                                    boolean noCache, PipelineConfig.ExecutorKind executor, Integer workers,
                                    String rayAddress, Consumer<String> log) {
        return build(configFile, env, overrides, cacheDir, noCache, executor, workers, rayAddress, log, false);
    }

    private static RunContext build(Path configFile, Map<String, String> env, List<String> overrides, Path cacheDir,
                                    boolean noCache, PipelineConfig.ExecutorKind executor, Integer workers,
                                    String rayAddress, Consumer<String> log, boolean interactive) {
        ConfigLoader.Resolved<PipelineConfig> r = PipelineConfig.loader().resolve(configFile, env, overrides);
        PipelineConfig c = r.config();
        CacheStore store;
        if (noCache || !c.cache().enabled()) {
            store = CacheStore.disabled();
        } else {
            Path dir = cacheDir != null ? cacheDir
                    : c.cache().dir() != null ? Path.of(c.cache().dir()) : CacheLocation.resolve(null);
            store = CacheStore.open(dir);
        }
        String address = firstNonBlank(rayAddress, c.execution().rayAddress(), env.get("RAY_ADDRESS"));
        PipelineConfig.ExecutorKind kind = executor == null ? c.execution().executor() : executor;
        if (kind == PipelineConfig.ExecutorKind.AUTO) {
            kind = address != null ? PipelineConfig.ExecutorKind.RAY : PipelineConfig.ExecutorKind.THREADS;
        }
        if (kind == PipelineConfig.ExecutorKind.RAY && address == null) {
            throw BadInputException.parameter("executor ray", "no Ray cluster address was given",
                    "pass --ray-address HOST:PORT, set RAY_ADDRESS or execution.ray_address; to start a cluster on this "
                            + "machine run: cellbook ray start (it prints the address)");
        }
        return new RunContext(r, configFile, store, kind, workers == null ? c.execution().workers() : workers, address,
                log, interactive);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    /** Makes {@code ctx} the context cells see (null clears it). */
    public static void install(RunContext ctx) {
        if (ctx != null) {
            ClassWarmup.inBackground(); // cells are about to run (a replayed run never installs one)
        }
        installed = ctx;
    }

    /** The installed context, or one built from the defaults. */
    public static RunContext current() {
        return current(null);
    }

    /**
     * The context installed by {@code cellbook run}; in the kernel (nothing installed) one built from
     * {@code fallbackConfig} (ignored when it does not exist) and kept until the path changes.
     */
    public static synchronized RunContext current(String fallbackConfig) {
        RunContext ctx = installed;
        Path wanted = fallbackConfig == null || fallbackConfig.isBlank() || !Files.isRegularFile(Path.of(fallbackConfig))
                ? null : Path.of(fallbackConfig).toAbsolutePath().normalize();
        if (ctx != null && (!ctx.interactive || java.util.Objects.equals(ctx.configFile, wanted))) {
            return ctx;
        }
        ctx = build(wanted, System.getenv(), List.of(), null, false, null, null, null, System.err::println, true);
        install(ctx);
        return ctx;
    }

    public PipelineConfig config() {
        return resolved.config();
    }

    public ConfigLoader.Resolved<PipelineConfig> resolvedConfig() {
        return resolved;
    }

    /** The config file, or null when running on defaults. */
    public Path configFile() {
        return configFile;
    }

    /** A path from the config, resolved against the config file's folder. */
    public Path resolve(String path) {
        return baseDir.resolve(path).normalize();
    }

    public CacheStore cache() {
        return cache;
    }

    public StepRunner steps() {
        return steps;
    }

    public Path resultsDir() {
        return resultsDir;
    }

    /** The executor in use: never AUTO (resolved when the context was made). */
    public PipelineConfig.ExecutorKind executorKind() {
        return executor;
    }

    /** The Ray cluster address when the executor is ray, else whatever was given (may be null). */
    public String rayAddress() {
        return rayAddress;
    }

    /**
     * The fold executor chosen. Ray's classes are loaded only here, and only for the ray
     * executor: {@link RayExecutors} is the one reference to them.
     */
    public FoldExecutor foldExecutor() {
        return foldExecutor(null);
    }

    /**
     * The fold executor chosen, sharing {@code cache} (null: none) with its workers: with ray, the
     * workers read and write the cache's folder themselves, so the driver never recomputes what a
     * worker stored. Wrap it in {@link org.cellbook.core.model.cv.CachingFoldExecutor} with the
     * same cache to serve hits on the driver.
     */
    public FoldExecutor foldExecutor(FoldTaskCache cache) {
        int n = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        return switch (executor) {
            case SEQUENTIAL -> FoldExecutor.sequential();
            case THREADS, AUTO -> FoldExecutor.threads(n);
            case RAY -> RayExecutors.cluster(rayAddress, config().execution().rayCpusPerTask(), cache);
        };
    }

    public void log(String line) {
        log.accept(line);
    }

    /** Records a file the run wrote, for the manifest. */
    public synchronized void addOutput(Path file) {
        if (!outputs.contains(file)) {
            outputs.add(file);
        }
    }

    public synchronized List<Path> outputs() {
        return List.copyOf(outputs);
    }
}
