package org.cellbook.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class JavaEvaluatorTest {
    static JavaEvaluator eval;

    @BeforeAll
    static void start() {
        eval = new JavaEvaluator(EvaluatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        eval.close();
    }

    @Test
    void lastExpressionIsTheRealObject() throws Exception {
        var r = eval.eval("var xs = new ArrayList<Integer>(List.of(3, 1, 2));\nxs.sort(null);\nxs");
        assertTrue(r.hasValue());
        assertEquals(List.of(1, 2, 3), r.value());
        assertInstanceOf(ArrayList.class, r.value());
        assertSame(r.value(), eval.variable("xs"));
    }

    @Test
    void statementsAndDeclarationsHaveNoValue() throws Exception {
        assertFalse(eval.eval("int declared = 4;").hasValue());
        assertFalse(eval.eval("System.out.println(\"hi\")").hasValue());
        var r = eval.eval("declared * 2");
        assertEquals(8, r.value());
        assertTrue(eval.eval("(Object) null").hasValue());
    }

    @Test
    void defaultImportsReachTablesawAndCore() throws Exception {
        Object t = eval.evalExpression("Table.create(\"t\", IntColumn.create(\"a\", 1, 2))");
        assertInstanceOf(Table.class, t);
        assertEquals(2, ((Table) t).rowCount());
        assertEquals("org.cellbook.core.data.DenseMatrix",
                eval.evalExpression("DenseMatrix.zeros(2, 2)").getClass().getName());
    }

    @Test
    void userExceptionKeepsItsClassAndUserFrames() {
        var f = assertThrows(CellFailure.Thrown.class,
                () -> eval.eval("void boom() { throw new IllegalStateException(\"bad\"); }\nboom();"));
        assertEquals("java.lang.IllegalStateException", f.ename());
        assertEquals("bad", f.evalue());
        assertInstanceOf(IllegalStateException.class, f.getCause());
        assertTrue(f.traceback().get(0).startsWith("java.lang.IllegalStateException: bad"), f.traceback().toString());
        assertTrue(f.traceback().stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("reflect")), f.traceback().toString());
    }

    @Test
    void compileErrorPointsAtTheSource() {
        var f = assertThrows(CellFailure.Compile.class, () -> eval.eval("int ok = 1;\nString s = 42;"));
        assertEquals("CompilationException", f.ename());
        assertTrue(f.evalue().contains("incompatible types"), f.evalue());
        assertTrue(f.traceback().stream().anyMatch(l -> l.contains("String s = 42;")), f.traceback().toString());
    }

    @Test
    void incompleteCellIsReported() {
        assertThrows(CellFailure.Incomplete.class, () -> eval.eval("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    void interruptStopsABusyLoopAndASleep() throws Exception {
        for (String code : List.of("while (true) { }", "Thread.sleep(60000);", "long n = 0; for (;;) { n++; }")) {
            CompletableFuture<CellFailure> run = CompletableFuture.supplyAsync(() -> {
                try {
                    eval.eval(code);
                    return null;
                } catch (CellFailure e) {
                    return e;
                }
            });
            Thread.sleep(300);
            long t0 = System.nanoTime();
            eval.interrupt();
            CellFailure f = run.get(10, TimeUnit.SECONDS);
            assertInstanceOf(CellFailure.Stopped.class, f, code);
            assertFalse(((CellFailure.Stopped) f).timedOut());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), code);
            assertEquals(3, eval.evalExpression("1 + 2"), "evaluator still works after " + code);
        }
    }

    @Test
    void timeoutStopsTheCell() throws Exception {
        // Generous limit: ordinary cells must fit in it even on a loaded machine.
        try (JavaEvaluator timed = new JavaEvaluator(EvaluatorSettings.defaults().withTimeout(3000))) {
            assertEquals(5, timed.evalExpression("2 + 3"));
            long t0 = System.nanoTime();
            var f = assertThrows(CellFailure.Stopped.class, () -> timed.eval("while (true) { }"));
            assertTrue(f.timedOut());
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(3000));
            assertEquals(7, timed.evalExpression("3 + 4"));
        }
    }

    @Test
    void hooksSeeSourceReadsAndDefines() throws Exception {
        eval.eval("int hookBase = 10;");
        List<String> seen = new ArrayList<>();
        eval.addHook(new CellHook() {
            @Override
            public java.util.Optional<JavaEvaluator.Result> before(Cell cell, JavaEvaluator e) {
                seen.add("before " + cell.reads());
                return java.util.Optional.empty();
            }

            @Override
            public void after(Cell cell, Set<String> defines, JavaEvaluator e) {
                seen.add("after " + defines);
            }
        });
        eval.eval("int hookDerived = hookBase + 1;");
        assertEquals(List.of("before [hookBase]", "after [hookDerived]"), seen);
        assertEquals(11, eval.variable("hookDerived"), "internal reads do not run hooks");
        assertEquals(2, seen.size());
    }

    @Test
    void aHookCanAnswerACellAndDefineItsVariables() throws Exception {
        try (JavaEvaluator cached = new JavaEvaluator(EvaluatorSettings.defaults())) {
            Table restored = Table.create("restored");
            cached.addHook(new CellHook() {
                @Override
                public java.util.Optional<JavaEvaluator.Result> before(Cell cell, JavaEvaluator e) {
                    if (!cell.source().contains("expensive")) {
                        return java.util.Optional.empty();
                    }
                    try {
                        e.define("t", "Table", restored);
                    } catch (CellFailure f) {
                        throw new IllegalStateException(f);
                    }
                    return java.util.Optional.of(new JavaEvaluator.Result(false, null));
                }
            });
            assertFalse(cached.eval(1, "Table t = expensive();").hasValue());
            assertSame(restored, cached.evalExpression("t"));
        }
    }

    @Test
    void completionInspectionAndCompleteness() {
        CodeAssist assist = new CodeAssist(eval);
        var c = assist.complete("Math.ma", 7);
        assertTrue(c.matches().contains("max("), c.matches().toString());
        assertEquals(5, c.start());
        assertTrue(assist.inspect("Math.max", 8).orElseThrow().contains("max("));
        assertEquals("complete", assist.isComplete("int a = 1;").status());
        assertEquals("incomplete", assist.isComplete("for (int i = 0; i < 3; i++) {").status());
        assertEquals("invalid", assist.isComplete("int 1x = ;").status());
    }
}
