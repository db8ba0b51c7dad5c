package org.cellbook.core.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initialises slow-to-load library classes on a background thread when a run starts, so the first
 * cell that needs them does not pay for it. The big one is Tablesaw's {@code Table}: its static
 * initialiser scans the whole class path with ClassGraph to register readers (1-2 s), which a warm
 * re-run would otherwise spend inside its first table-producing cell while JShell is still compiling
 * the cells before it. Java2D's first text rendering and PNG encoding (loading fonts, ~1 s) are the
 * other one: the notebook's charts pay it in their cell. A thread that needs a class meanwhile just
 * waits for the same initialisation.
 *
 * <p>{@link #foldCodeInBackground} is separate: {@link org.cellbook.core.model.cv.FoldCodeWarmup}
 * gets the fold-task code JIT-compiled while the first steps run, so a cold run's nested CV with two
 * workers does not share its two cores with the JIT compiler. It is started by the first computed
 * (not cached) step, so a fully cached re-run does not pay for it; it is opt-in (see the property).
 */
final class ClassWarmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final AtomicBoolean FOLD_STARTED = new AtomicBoolean();
    /**
     * System property; "true" compiles the fold-task code early, ".rounds" sets its size. Off by default:
     * on a quiet 2-core machine it made the demo's nested CV 0.9 s faster but the whole cold run 0.6 s
     * slower (it adds 1.5-3 CPU s), so it only moves the JIT's work, not removes it.
     */
    static final String FOLD_WARMUP_PROPERTY = "cellbook.foldWarmup";

    private ClassWarmup() {
    }

    /** Starts the fold-code warm-up once per JVM when {@value #FOLD_WARMUP_PROPERTY}=true. */
    static void foldCodeInBackground() {
        if (!Boolean.parseBoolean(System.getProperty(FOLD_WARMUP_PROPERTY, "false")) || !FOLD_STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                org.cellbook.core.model.cv.FoldCodeWarmup.run(Integer.getInteger(FOLD_WARMUP_PROPERTY + ".rounds", 2));
            } catch (RuntimeException | LinkageError e) {
                // Only an optimisation: the real nested CV reports its own errors.
            }
        }, "cellbook-fold-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
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
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = img.createGraphics();
                g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
                g.drawString("0", 1, 7);
                g.dispose();
                javax.imageio.ImageIO.write(img, "png", java.io.OutputStream.nullOutputStream());
            } catch (ClassNotFoundException | LinkageError | java.io.IOException | RuntimeException e) {
                // Only an optimisation: the class fails again, with its real error, where it is used.
            }
        }, "cellbook-class-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
