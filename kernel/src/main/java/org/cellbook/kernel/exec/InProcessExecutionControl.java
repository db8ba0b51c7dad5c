package org.cellbook.kernel.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * JShell's in-process execution control, keeping the real result objects instead of their strings.
 *
 * <p>{@link LocalExecutionControl} already runs each snippet on its own thread and, on {@link #stop()},
 * raises a flag that its byte-code instrumentation checks at every method entry and backward branch
 * (so {@code while (true) {}} ends too) and interrupts the thread (so {@code Thread.sleep} ends). We
 * keep all of that and only route the call through {@link #trampoline()}, which runs on the snippet
 * thread, records the value (or the exception with its real type and stack) and hands JShell a key in
 * place of the value's string. {@link JavaEvaluator} then takes the object back with {@link #take}.
 */
public final class InProcessExecutionControl extends LocalExecutionControl {
    /**
     * The pending invocation, inherited by the snippet thread LocalExecutionControl creates. Through a
     * slot emptied when the snippet ends: every thread a snippet starts inherits it too, and a pool
     * thread that outlives the cell (a worker pool made on first use) would otherwise keep the
     * cell's value alive for good, as threads keeping JShell's context loader did in the daemon.
     */
    private static final InheritableThreadLocal<Slot> CURRENT = new InheritableThreadLocal<>();

    private static final class Slot {
        volatile Invocation invocation;
    }
    private static final Method TRAMPOLINE;

    static {
        try {
            TRAMPOLINE = InProcessExecutionControl.class.getDeclaredMethod("trampoline");
            TRAMPOLINE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Map<String, Invocation> results = new ConcurrentHashMap<>();
    private volatile Invocation last;
    private volatile Runnable onInvoke = () -> { };

    /** What one snippet produced: its value, or the exception it threw. */
    public static final class Invocation {
        private final Method doit;
        volatile Object value;
        volatile Throwable thrown;

        private Invocation(Method doit) {
            this.doit = doit;
        }

        public Object value() {
            return value;
        }

        /** The user's exception as thrown (not JShell's string copy of it), or null. */
        public Throwable thrown() {
            return thrown;
        }
    }

    /** Snippets load through a child of the system class loader, so they see the kernel's classes. */
    public InProcessExecutionControl() {
    }

    /** Called as user code starts (not while JShell compiles): where the per-cell timeout starts. */
    void onInvoke(Runnable callback) {
        this.onInvoke = callback;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        onInvoke.run();
        Invocation inv = new Invocation(doitMethod);
        String key = UUID.randomUUID().toString();
        results.put(key, inv);
        last = inv;
        Slot slot = new Slot();
        slot.invocation = inv;
        CURRENT.set(slot);
        try {
            super.invoke(TRAMPOLINE);
        } finally {
            slot.invocation = null;
            CURRENT.remove();
        }
        return key;
    }

    /** Runs on the snippet thread (in LocalExecutionControl's thread group), called reflectively. */
    @SuppressWarnings("unused")
    private static Object trampoline() throws Throwable {
        Invocation inv = CURRENT.get().invocation;
        try {
            inv.value = inv.doit.invoke(null);
            return null;
        } catch (InvocationTargetException e) {
            inv.thrown = e.getCause();
            throw e.getCause();
        }
    }

    /** The invocation behind a key JShell reported as a snippet's value; null when unknown. */
    public Invocation take(String key) {
        return key == null ? null : results.remove(key);
    }

    /** The most recent invocation: how to find the exception of a snippet that threw. */
    public Invocation last() {
        return last;
    }

    /** Drops what nobody took (values of snippets that failed later in the same cell). */
    public void clearResults() {
        results.clear();
        last = null;
    }
}
