package org.cellbook.core.model.cv.ray;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.ray.api.exception.RayTaskException;
import io.ray.api.exception.RayWorkerException;
import io.ray.api.exception.UnreconstructableException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.cv.CachingFoldExecutor;
import org.cellbook.core.model.cv.FoldExecutor;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.FoldTaskCache;
import org.cellbook.core.model.cv.ProgressListener;
import org.cellbook.core.model.cv.TaskCodec;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FeatureSetCodec;

/**
 * Runs fold tasks as Ray tasks. Each feature set the tasks name goes to the object store once,
 * as {@link FeatureSetCodec} bytes; each task is {@link TaskCodec} bytes plus a reference to its
 * feature set's object, and comes back as result bytes. Results are gathered in task order, so
 * they are bit-identical to {@link FoldExecutor#sequential()}: every task carries its seed.
 *
 * <p>Progress is reported as tasks finish ({@code Ray.wait} on the pending ones). A task whose
 * worker died is submitted again, up to {@link RayOptions#maxRetries} times: Ray's Java API
 * (2.39) cannot set {@code max_retries} on a task, so the driver does it. A task whose code
 * threw is not retried: the same seed would throw again.
 */
public final class RayFoldExecutor implements FoldExecutor {
    private static final int WAIT_MS = 500;

    private final RayOptions options;
    private final FoldTaskCache cache;
    private volatile int resubmitted;
    private volatile RunStats lastRun;

    /**
     * Where a run's time went (milliseconds): connecting to Ray (0 when already connected),
     * encoding and putting the feature sets in the object store, and the whole run.
     */
    public record RunStats(int tasks, long connectMs, long shipMs, long shippedBytes, long wallMs, int resubmitted) {
    }

    public RayFoldExecutor(RayOptions options) {
        this(options, null);
    }

    private RayFoldExecutor(RayOptions options, FoldTaskCache cache) {
        this.options = options;
        this.cache = cache;
    }

    /**
     * The same executor with workers reading and writing {@code cache}'s store (a folder every
     * node reaches at the same path): a task already computed is not computed again, and a task
     * a worker computes is stored by it. Wrap the result in {@link CachingFoldExecutor} with the
     * same cache so the driver serves hits without shipping them to Ray.
     */
    public RayFoldExecutor withCache(FoldTaskCache cache) {
        if (cache.store().dir().isEmpty()) {
            return new RayFoldExecutor(options, null); // cache disabled: nothing to share
        }
        return new RayFoldExecutor(options, cache);
    }

    public RayOptions options() {
        return options;
    }

    /** Tasks submitted again in the last run because their worker died. */
    public int resubmissions() {
        return resubmitted;
    }

    /** Timings of the last finished run, or null. */
    public RunStats lastRun() {
        return lastRun;
    }

    /** Ends this JVM's Ray connection (Ray also does this at JVM exit). */
    public static void disconnect() {
        RaySession.shutdown();
    }

    @Override
    public List<FoldResult> run(List<FoldTask> tasks, Map<String, FeatureSet> data, ProgressListener progress) {
        Map<String, FeatureSet> used = new LinkedHashMap<>();
        for (FoldTask t : tasks) {
            FeatureSet fs = data.get(t.featureSet());
            if (fs == null) {
                throw BadInputException.parameter("feature set", "task " + t.id() + " needs feature set '" + t.featureSet()
                        + "' but the executor got " + data.keySet(), "pass every feature set the tasks name");
            }
            used.put(t.featureSet(), fs);
        }
        long start = System.nanoTime();
        RaySession.ensure(options);
        long connected = System.nanoTime();
        Map<String, Shipped> shipped = new LinkedHashMap<>();
        long bytesShipped = 0;
        for (Map.Entry<String, FeatureSet> e : used.entrySet()) {
            byte[] bytes = FeatureSetCodec.encode(e.getValue());
            bytesShipped += bytes.length;
            shipped.put(e.getKey(), new Shipped(Ray.put(bytes), RayFoldTask.dataKey(e.getKey(), bytes)));
        }
        long put = System.nanoTime();
        progress.started(tasks.size());
        FoldResult[] out = new FoldResult[tasks.size()];
        int[] attempts = new int[tasks.size()];
        Map<ObjectRef<byte[]>, Integer> index = new IdentityHashMap<>();
        List<ObjectRef<byte[]>> pending = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            ObjectRef<byte[]> ref = submit(tasks.get(i), shipped.get(tasks.get(i).featureSet()));
            index.put(ref, i);
            pending.add(ref);
        }
        int done = 0;
        resubmitted = 0;
        while (!pending.isEmpty()) {
            WaitResult<byte[]> w = Ray.wait(pending, 1, WAIT_MS);
            for (ObjectRef<byte[]> ref : w.getReady()) {
                Integer i = index.remove(ref);
                if (i == null) {
                    throw new IllegalStateException("Ray returned an object this run did not submit");
                }
                pending.remove(ref);
                FoldTask t = tasks.get(i);
                try {
                    out[i] = TaskCodec.resultFromBytes(ref.get());
                } catch (RayWorkerException | UnreconstructableException e) {
                    if (attempts[i]++ >= options.maxRetries()) {
                        throw new IllegalStateException("fold task " + t.id() + " lost its Ray worker "
                                + attempts[i] + " times; giving up", e);
                    }
                    resubmitted++;
                    ObjectRef<byte[]> again = submit(t, shipped.get(t.featureSet()));
                    index.put(again, i);
                    pending.add(again);
                    continue;
                } catch (RayTaskException e) {
                    throw taskFailure(t, e);
                }
                progress.taskFinished(++done, tasks.size(), out[i]);
            }
        }
        progress.finished();
        long end = System.nanoTime();
        lastRun = new RunStats(tasks.size(), (connected - start) / 1_000_000, (put - connected) / 1_000_000, bytesShipped,
                (end - start) / 1_000_000, resubmitted);
        return List.of(out);
    }

    /**
     * What the task's own code threw, as the threads executor would report it: bad input stays
     * bad input (exit 2), anything else names the task and the worker's exception.
     */
    private static RuntimeException taskFailure(FoldTask t, RayTaskException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause instanceof BadInputException bad) {
                return bad;
            }
        }
        String what = cause == e ? e.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new IllegalStateException("fold task " + t.id() + " failed on a Ray worker: " + what, e);
    }

    private ObjectRef<byte[]> submit(FoldTask t, Shipped data) {
        String cacheDir = "";
        String cacheKey = "";
        if (cache != null) {
            cacheDir = cache.store().dir().orElseThrow().toAbsolutePath().toString();
            cacheKey = cache.dataKeyHex(t.featureSet());
            if (cacheKey == null) {
                cache.key(t); // throws: the feature set has no data key
            }
        }
        return Ray.task(RayFoldTask::run, TaskCodec.toBytes(t), data.ref(), data.key(), cacheDir, cacheKey)
                .setName(t.id())
                .setResource("CPU", options.cpusPerTask())
                .remote();
    }

    /** A feature set in the object store. */
    private record Shipped(ObjectRef<byte[]> ref, String key) {
    }
}
