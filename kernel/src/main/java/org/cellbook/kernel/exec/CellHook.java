package org.cellbook.kernel.exec;

import java.util.Optional;
import java.util.Set;

/**
 * Wraps the execution of one cell (one JShell evaluation of the whole cell source). The cache
 * module plugs in here: {@link #before} sees the source and the variables it reads and may answer
 * the cell itself; {@link #after} sees what the cell defined. Hooks run on the kernel's shell thread;
 * {@link JavaEvaluator#variable} and {@link JavaEvaluator#define} may be called from them.
 */
public interface CellHook {
    /** What a hook knows about a cell. {@code reads}: existing variables named in the source. */
    record Cell(int executionCount, String source, Set<String> reads) { }

    /**
     * Called before the cell runs. Returning a result answers the cell: it does not run and no
     * {@link #after} is called (a cache restores the variables with {@link JavaEvaluator#define}).
     */
    default Optional<JavaEvaluator.Result> before(Cell cell, JavaEvaluator evaluator) {
        return Optional.empty();
    }

    /**
     * Called after the cell ran successfully. {@code defines}: the variables the cell declared or
     * re-declared; read their values with {@link JavaEvaluator#variable}.
     */
    default void after(Cell cell, Set<String> defines, JavaEvaluator evaluator) { }

    /** As {@link #after(Cell, Set, JavaEvaluator)}, also seeing the cell's result; the evaluator calls this one. */
    default void after(Cell cell, Set<String> defines, JavaEvaluator.Result result, JavaEvaluator evaluator) {
        after(cell, defines, evaluator);
    }

    /** Called when the cell failed; {@code defines}: the variables it declared before it failed. */
    default void failed(Cell cell, Set<String> defines, JavaEvaluator evaluator) { }
}
