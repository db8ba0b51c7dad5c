package org.cellbook.core.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initialises slow-to-load library classes on a background thread when a run starts, so the first
 * cell that needs them does not pay for it. The big one is Tablesaw's {@code Table}: its static
 * initialiser scans the whole class path with ClassGraph to register readers (1-2 s), which a warm
 * re-run would otherwise spend inside its first table-producing cell while JShell is still compiling
 * the cells before it. A thread that needs a class meanwhile just waits for the same initialisation.
 */
final class ClassWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ClassWarmup() {
    }

    static void inBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                ClassLoader cl = ClassWarmup.class.getClassLoader();
                Class.forName("tech.tablesaw.api.Table", true, cl);
                Class.forName("org.cellbook.core.data.DataCodecs", true, cl);
            } catch (ClassNotFoundException | LinkageError e) {
                // Only an optimisation: the class fails again, with its real error, where it is used.
            }
        }, "cellbook-class-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
