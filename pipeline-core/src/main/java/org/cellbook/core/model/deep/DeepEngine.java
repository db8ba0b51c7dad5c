package org.cellbook.core.model.deep;

import ai.djl.engine.Engine;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The PyTorch engine behind the deep models, started offline with one thread, and the lock that
 * runs deep work one fit at a time per JVM.
 *
 * <p>Offline: libtorch comes from the {@code pytorch-native-cpu} jar and DJL's JNI bridge from
 * the {@code pytorch-jni} jar. On first use DJL copies both into its cache directory
 * ({@code ~/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64/}, about 430 MB; {@code DJL_CACHE_DIR}
 * moves it) and loads them from there; an empty or missing cache is filled from the jars, never
 * downloaded. {@link #engine()} sets the system properties {@code ai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} (the same switches as the environment variables
 * {@code DJL_OFFLINE}/{@code OPT_OUT_TRACKING}), so DJL neither downloads nor reports usage.
 *
 * <p>Threads: PyTorch gets one intra-op and one inter-op thread ({@code ai.djl.pytorch.num_threads}
 * and {@code num_interop_threads}, read once when the engine starts), so a fit uses one core like
 * the classic models, and a single thread keeps the floating-point reduction order, hence the
 * results, fixed. A value already set on the command line is kept.
 *
 * <p>One fit at a time: DJL's PyTorch gradient collector is a JVM-wide singleton (a second one
 * open at the same time throws), and the seed of PyTorch's random generator (initial weights,
 * dropout masks) is global. {@link #exclusive} therefore runs every deep fit and prediction under
 * one JVM-wide lock: a threaded fold executor still runs classic models in parallel, while deep
 * fits queue behind each other. Run deep models with one worker per JVM (or one JVM per worker)
 * to avoid idle threads.
 */
public final class DeepEngine {
    /** Where the native libraries come from; kept in sync with the parent POM's pytorch versions. */
    public static final String ENGINE_NAME = "PyTorch";

    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private static volatile Engine engine;

    private DeepEngine() {
    }

    /** The PyTorch engine, started on first call with the offline and thread settings above. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (DeepEngine.class) {
                e = engine;
                if (e == null) {
                    System.setProperty("ai.djl.offline", "true");
                    System.setProperty("OPT_OUT_TRACKING", "true");
                    setIfAbsent("ai.djl.pytorch.num_threads", "1");
                    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
                    // TorchScript graph optimisation only concerns traced models, which we never load.
                    setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
                    e = Engine.getEngine(ENGINE_NAME);
                    engine = e;
                }
            }
        }
        return e;
    }

    /** Runs {@code work} while holding the JVM-wide deep-learning lock (re-entrant). */
    public static <T> T exclusive(Supplier<T> work) {
        engine();
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
