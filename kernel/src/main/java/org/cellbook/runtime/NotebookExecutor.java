package org.cellbook.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.kernel.display.DisplayRegistry;
import org.cellbook.kernel.exec.CellFailure;
import org.cellbook.kernel.exec.EvaluatorSettings;
import org.cellbook.kernel.exec.JavaEvaluator;
import org.cellbook.kernel.magic.CellRunner;
import org.cellbook.kernel.magic.StandardMagics;
import org.cellbook.kernel.magic.maven.MavenResolver;
import org.cellbook.kernel.runtime.Display;

/**
 * Runs a notebook's code cells headless, in order, with the kernel's evaluator (JShell in this JVM,
 * the kernel's default imports, magics and display registry), writing outputs, execution counts and
 * per-cell timing ({@code metadata.cellbook: {seconds, cache_hit, steps}}) into a copy of the
 * notebook. Stops at the first failing cell. Not re-entrant: it owns System.out/err and the
 * {@link Display} sink while it runs.
 */
public final class NotebookExecutor {
    /** One executed cell. */
    public record CellRun(int index, String label, double seconds, boolean cacheHit, int steps, String status) {
    }

    /** The cell that failed, with the exception when user code threw one. */
    public record CellError(int index, String label, String ename, String evalue, Throwable cause) {
        public String describe() {
            return "cell " + index + " (" + label + ") failed: " + ename + ": " + evalue;
        }
    }

    public record Outcome(Notebook notebook, List<CellRun> cells, CellError failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Executions in progress in this JVM, for {@link #interruptRunning()}. */
    private static final java.util.Set<Active> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final EvaluatorSettings settings;
    private final Supplier<List<RunManifest.StepRecord>> steps;
    private final Consumer<String> log;

    /**
     * @param steps the pipeline step records so far (a cell whose steps were all cache hits is marked cached)
     * @param log   one line per cell, for the console (not System.err: that is captured while cells run)
     */
    public NotebookExecutor(EvaluatorSettings settings, Supplier<List<RunManifest.StepRecord>> steps, Consumer<String> log) {
        this.settings = settings;
        this.steps = steps;
        this.log = log;
    }

    public Outcome execute(Notebook source) {
        Notebook nb = source.copy();
        List<CellRun> runs = new ArrayList<>();
        CellOutputs outputs = new CellOutputs();
        DisplayRegistry registry = DisplayRegistry.withDefaults();
        // JShell makes its loader this thread's context loader; put ours back afterwards, or a
        // long-lived caller (the daemon, a test runner) keeps the run's classes and values.
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        Display.install(outputs, registry);
        System.setOut(outputs.out);
        System.setErr(outputs.err);
        CellError failure = null;
        Active active = new Active();
        RUNNING.add(active); // before JShell starts: an interrupt during its start-up counts too
        try (JavaEvaluator evaluator = new JavaEvaluator(settings)) {
            active.evaluator = evaluator;
            CellRunner runner = new CellRunner(evaluator, StandardMagics.create(evaluator, MavenResolver.defaults()));
            List<Notebook.Cell> code = nb.cells().stream().filter(Notebook.Cell::isCode).toList();
            int count = 0;
            for (Notebook.Cell cell : code) {
                if (active.interrupted) {
                    // Between cells: stop here as at a failing cell (the interrupted cell itself fails on its own).
                    String why = "the run was interrupted before this cell";
                    outputs.startCell(cell.clearOutputs());
                    outputs.error("Interrupted", why, List.of("Interrupted: " + why));
                    failure = new CellError(cell.index(), cell.label(), "Interrupted", why, null);
                    break;
                }
                count++;
                cell.setExecutionCount(count);
                outputs.startCell(cell.clearOutputs());
                int before = steps.get().size();
                long start = System.nanoTime();
                String status = "ok";
                try {
                    JavaEvaluator.Result r = runner.run(count, cell.source());
                    if (r.hasValue() && !r.isDisplayCall()) {
                        outputs.executeResult(count, registry.render(r.value()));
                    }
                } catch (CellFailure f) {
                    outputs.error(f.ename(), f.evalue(), f.traceback());
                    failure = new CellError(cell.index(), cell.label(), f.ename(), f.evalue(),
                            f instanceof CellFailure.Thrown ? f.getCause() : null);
                    status = "error";
                } catch (RuntimeException | Error e) {
                    String name = e.getClass().getName();
                    outputs.error(name, String.valueOf(e.getMessage()), List.of(name + ": " + e.getMessage()));
                    failure = new CellError(cell.index(), cell.label(), name, String.valueOf(e.getMessage()), e);
                    status = "error";
                }
                outputs.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                List<RunManifest.StepRecord> all = steps.get();
                List<RunManifest.StepRecord> mine = all.subList(Math.min(before, all.size()), all.size());
                boolean hit = !mine.isEmpty() && mine.stream().allMatch(RunManifest.StepRecord::cacheHit);
                ObjectNode meta = cellbookMeta(cell);
                meta.put("seconds", Math.round(seconds * 1000) / 1000.0);
                meta.put("cache_hit", hit);
                meta.put("steps", mine.size());
                runs.add(new CellRun(cell.index(), cell.label(), seconds, hit, mine.size(), status));
                log.accept(String.format(Locale.ROOT, "[%d/%d] cell %-3d %7.2f s  %-8s %s", count, code.size(),
                        cell.index(), seconds, hit ? "cached" : status.equals("ok") ? "" : "FAILED", cell.label()));
                if (failure != null) {
                    break;
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(callerLoader);
            RUNNING.remove(active);
            outputs.flush();
            System.setOut(realOut);
            System.setErr(realErr);
            Display.install(null, registry);
        }
        return new Outcome(nb, runs, failure);
    }

    /**
     * Interrupts every execution in progress in this JVM as the kernel's interrupt does (the running
     * cell is stopped and fails; no further cell starts). The daemon calls it when the client of
     * its run goes away.
     */
    public static void interruptRunning() {
        for (Active a : RUNNING) {
            a.interrupted = true;
            // The evaluator ignores an interrupt while no cell runs (JShell starting, between cells),
            // so it is repeated until this execution ends; no cell starts after the flag is seen.
            Thread.ofVirtual().start(() -> {
                while (RUNNING.contains(a)) {
                    JavaEvaluator e = a.evaluator;
                    if (e != null) {
                        e.interrupt();
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            });
        }
    }

    private static final class Active {
        volatile JavaEvaluator evaluator;
        volatile boolean interrupted;
    }

    private static ObjectNode cellbookMeta(Notebook.Cell cell) {
        var m = cell.metadata().get("cellbook");
        return m instanceof ObjectNode o ? o : cell.metadata().putObject("cellbook");
    }
}
