package org.cellbook.kernel.exec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Runs Java cells in this JVM with JShell and gives back real result objects.
 *
 * <p>A cell is split into snippets with JShell's own completeness analysis and evaluated in order;
 * the first failure ends the cell. {@link #interrupt()} (from another thread) and the per-cell
 * timeout stop user code through {@link InProcessExecutionControl}: the stop is repeated every
 * 50 ms until the cell ends, because JShell ignores a stop that arrives while it is compiling.
 */
public final class JavaEvaluator implements AutoCloseable {
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND, Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private enum StopReason { INTERRUPT, TIMEOUT }

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final InProcessExecutionControlProvider provider;
    private final ScheduledExecutorService watchdog;
    private final List<CellHook> hooks = new CopyOnWriteArrayList<>();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private volatile boolean running;
    private final java.util.concurrent.atomic.AtomicLong cellId = new java.util.concurrent.atomic.AtomicLong();
    private volatile long timeoutMillis;
    private volatile ScheduledFuture<?> stopper;

    /** The value of the cell's last expression, when it ended in one, and that expression's source. */
    public record Result(boolean hasValue, Object value, String source) {
        static final Result NONE = new Result(false, null, "");
        private static final Pattern DISPLAY_CALL = Pattern.compile("\\s*(?:Display\\s*\\.\\s*)?display\\s*\\(.*", Pattern.DOTALL);

        public Result(boolean hasValue, Object value) {
            this(hasValue, value, "");
        }

        /** {@code display(x)} returns its display id; a cell ending in it should not show the id. */
        public boolean isDisplayCall() {
            return DISPLAY_CALL.matcher(source).matches();
        }
    }

    public JavaEvaluator(EvaluatorSettings settings) {
        this.provider = new InProcessExecutionControlProvider(this::userCodeStarting);
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions(settings.compilerOptions().toArray(String[]::new))
                .build();
        // The first sourceCodeAnalysis() in a JVM starts JShell's class-path indexer, a JDK-wide
        // thread that inherits this thread's context loader, which building the shell just set to
        // JShell's own: it then kept the first session's classes, and every value its cells held,
        // for the life of the JVM (2.5 GB after a reference run in the daemon).
        Thread me = Thread.currentThread();
        ClassLoader shellLoader = me.getContextClassLoader();
        me.setContextClassLoader(JavaEvaluator.class.getClassLoader());
        try {
            this.analysis = shell.sourceCodeAnalysis();
        } finally {
            me.setContextClassLoader(shellLoader);
        }
        this.timeoutMillis = settings.timeoutMillis();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cellbook-cell-watchdog");
            t.setDaemon(true);
            // Not JShell's loader: this thread ends a moment after close(), and until then it would
            // keep the session's values from a collection (the daemon collects right after a run).
            t.setContextClassLoader(JavaEvaluator.class.getClassLoader());
            return t;
        });
        // One call for the whole path: JShell re-reads its whole compiler class path on every call,
        // so adding ~100 jars one at a time costs several times more start-up CPU.
        List<String> path = new ArrayList<>(Classpaths.expand(System.getProperty("java.class.path")));
        path.addAll(settings.classpath());
        if (!path.isEmpty()) {
            shell.addToClasspath(String.join(java.io.File.pathSeparator, path));
        }
        for (String imp : settings.imports()) {
            shell.eval("import " + imp + ";"); // a package that is absent is simply not imported
        }
        for (String script : settings.startupScripts()) {
            try {
                eval(script);
            } catch (CellFailure e) {
                throw new IllegalStateException("startup script failed: " + e.ename() + ": " + e.evalue(), e);
            }
        }
    }

    public void addHook(CellHook hook) {
        hooks.add(hook);
    }

    public void setTimeoutMillis(long millis) {
        this.timeoutMillis = millis;
    }

    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /** Runs a whole cell; the result is the value of its last snippet when that is an expression. */
    public Result eval(String source) throws CellFailure {
        return eval(0, source);
    }

    /** As {@link #eval(String)}, telling hooks the cell's execution count. */
    public synchronized Result eval(int executionCount, String source) throws CellFailure {
        CellHook.Cell cell = new CellHook.Cell(executionCount, source, reads(source));
        for (CellHook h : hooks) {
            Optional<Result> answered = h.before(cell, this);
            if (answered.isPresent()) {
                return answered.get(); // e.g. restored from the cache: the cell does not run
            }
        }
        Set<String> defines = new LinkedHashSet<>();
        Result result;
        try {
            result = run(source, defines);
        } catch (CellFailure | RuntimeException | Error e) {
            for (CellHook h : hooks) {
                h.failed(cell, defines, this);
            }
            throw e;
        }
        for (CellHook h : hooks) {
            h.after(cell, defines, result, this);
        }
        return result;
    }

    /** Runs source without hooks (internal evaluations: user_expressions, variable reads). */
    private synchronized Result run(String source, Set<String> defines) throws CellFailure {
        Result result = Result.NONE;
        startCell();
        try {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(source);
            while (info.completeness().isComplete()) {
                checkStopped();
                result = evalSnippet(info.source(), defines);
                info = analysis.analyzeCompletion(info.remaining());
            }
            if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                throw new CellFailure.Incomplete(info.remaining().trim());
            }
        } finally {
            endCell();
        }
        return result;
    }

    private void startCell() {
        stopReason.set(null);
        cellId.incrementAndGet();
        running = true;
    }

    /**
     * The timeout clock starts when the cell's user code first runs, so slow compilation (a loaded
     * machine, a big cell) does not count against it.
     */
    private void userCodeStarting() {
        long limit = timeoutMillis;
        if (limit > 0 && running && stopper == null) {
            stopper = watchdog.schedule(() -> requestStop(StopReason.TIMEOUT), limit, TimeUnit.MILLISECONDS);
        }
    }

    private void endCell() {
        running = false;
        if (stopper != null) {
            stopper.cancel(false);
            stopper = null;
        }
        InProcessExecutionControl control = provider.control();
        if (control != null) {
            control.clearResults();
        }
    }

    /** Stops the running cell (it fails with an InterruptedException); a no-op when idle. */
    public void interrupt() {
        requestStop(StopReason.INTERRUPT);
    }

    private void requestStop(StopReason reason) {
        long id = cellId.get();
        if (!running || !stopReason.compareAndSet(null, reason)) {
            return;
        }
        watchdog.execute(() -> keepStopping(id));
    }

    /** Stops cell {@code id} again and again until it ends (a later cell is left alone). */
    private void keepStopping(long id) {
        if (!running || cellId.get() != id) {
            return;
        }
        shell.stop();
        watchdog.schedule(() -> keepStopping(id), 50, TimeUnit.MILLISECONDS);
    }

    private void checkStopped() throws CellFailure.Stopped {
        StopReason reason = stopReason.get();
        if (reason == StopReason.TIMEOUT) {
            throw new CellFailure.Stopped(true, "the cell ran longer than the timeout of " + timeoutMillis
                    + " ms and was stopped (set CELLBOOK_TIMEOUT / IJAVA_TIMEOUT in ms, -1 for none)");
        }
        if (reason == StopReason.INTERRUPT) {
            throw new CellFailure.Stopped(false, "the cell was interrupted");
        }
    }

    private Result evalSnippet(String code, Set<String> defines) throws CellFailure {
        List<SnippetEvent> events = shell.eval(code);
        InProcessExecutionControl control = provider.control();
        Result result = Result.NONE;
        CellFailure failure = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet re-evaluated, not this cell's own
            }
            Snippet snippet = event.snippet();
            InProcessExecutionControl.Invocation inv =
                    snippet.subKind().isExecutable() && control != null ? control.take(event.value()) : null;
            if (inv == null && event.exception() != null && control != null) {
                inv = control.last(); // a snippet that threw returned no key
            }
            if (failure != null) {
                continue; // keep taking results so none leak
            }
            checkStopped();
            JShellException ex = event.exception();
            if (ex != null) {
                failure = thrown(ex, inv);
                continue;
            }
            if (event.status() == Snippet.Status.REJECTED || !event.status().isDefined()) {
                failure = compileFailure(snippet, code);
                continue;
            }
            if (snippet instanceof VarSnippet v) {
                defines.add(v.name());
            }
            if (VALUE_KINDS.contains(snippet.subKind()) && inv != null) {
                result = new Result(true, inv.value(), snippet.source());
            }
        }
        checkStopped();
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private CellFailure thrown(JShellException ex, InProcessExecutionControl.Invocation inv) {
        if (inv != null && inv.thrown() != null) {
            return new CellFailure.Thrown(inv.thrown(), Tracebacks.of(inv.thrown()));
        }
        if (ex instanceof UnresolvedReferenceException u) {
            String missing = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
            return new CellFailure.Compile("'" + u.getSnippet().source().trim() + "' uses undefined " + missing,
                    List.of("uses undefined: " + missing));
        }
        String name = ex instanceof EvalException e ? e.getExceptionClassName() : ex.getClass().getName();
        return new CellFailure.Thrown(ex, Tracebacks.of(ex, name));
    }

    private CellFailure compileFailure(Snippet snippet, String code) {
        List<String> lines = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        shell.diagnostics(snippet).filter(Diag::isError).forEach(d -> {
            String msg = d.getMessage(Locale.ROOT);
            messages.add(msg);
            lines.addAll(Tracebacks.pointAt(code, (int) d.getStartPosition(), (int) d.getEndPosition(), msg));
        });
        if (messages.isEmpty()) {
            String missing = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).collect(Collectors.joining(", "));
            messages.add("uses undefined: " + missing);
            lines.add(code.trim());
            lines.add("uses undefined: " + missing);
        }
        return new CellFailure.Compile(String.join("; ", messages), lines);
    }

    /** Evaluates one expression and returns its value (for user_expressions and hooks). */
    public Object evalExpression(String expression) throws CellFailure {
        Result r = run(expression, new LinkedHashSet<>());
        if (!r.hasValue()) {
            throw new CellFailure.Compile("not an expression: " + expression, List.of("not an expression: " + expression));
        }
        return r.value();
    }

    /** The current value of a variable the cells declared. */
    public Object variable(String name) throws CellFailure {
        if (!variableNames().contains(name)) {
            throw new CellFailure.Compile("no variable named " + name, List.of("no variable named " + name));
        }
        return evalExpression(name);
    }

    /**
     * Declares (or re-declares) a JShell variable holding the given object, e.g. to restore a cached
     * cell's variables. {@code typeName} is the declared type as source, e.g. {@code "Table"}.
     */
    public synchronized void define(String name, String typeName, Object value) throws CellFailure {
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw new IllegalArgumentException("not a Java identifier: " + name);
        }
        String key = Handoff.put(value);
        try {
            run(typeName + " " + name + " = (" + typeName + ") " + Handoff.class.getName() + ".take(\"" + key + "\");",
                    new LinkedHashSet<>());
        } finally {
            Handoff.take(key);
        }
    }

    public Set<String> variableNames() {
        return shell.variables().filter(v -> shell.status(v).isActive()).map(VarSnippet::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Declared type of a variable, if there is one. */
    public Optional<String> variableType(String name) {
        return shell.variables().filter(v -> shell.status(v).isActive() && v.name().equals(name))
                .reduce((a, b) -> b).map(VarSnippet::typeName);
    }

    private Set<String> reads(String source) {
        Set<String> vars = variableNames();
        Set<String> reads = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(source);
        while (m.find()) {
            if (vars.contains(m.group())) {
                reads.add(m.group());
            }
        }
        return reads;
    }

    public SourceCodeAnalysis analysis() {
        return analysis;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        shell.close();
    }
}
