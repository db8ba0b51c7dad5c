package org.cellbook.kernel.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Traceback lines for the error message: user frames only, and compile errors with a caret. */
final class Tracebacks {
    private Tracebacks() { }

    static List<String> of(Throwable t) {
        return of(t, t.getClass().getName());
    }

    static List<String> of(Throwable t, String className) {
        List<String> lines = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String prefix = "";
        String name = className;
        while (t != null && seen.add(t)) {
            lines.add(prefix + name + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            for (StackTraceElement e : t.getStackTrace()) {
                if (isMachinery(e)) {
                    break; // below the snippet: reflection, JShell and kernel frames
                }
                lines.add("\tat " + e);
            }
            t = t.getCause();
            prefix = "Caused by: ";
            name = t == null ? "" : t.getClass().getName();
        }
        return lines;
    }

    private static boolean isMachinery(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.Method")
                || c.startsWith(InProcessExecutionControl.class.getName()) || c.startsWith("jdk.jshell.");
    }

    /** The source lines around [start, end) with a caret line under the span and the message. */
    static List<String> pointAt(String code, int start, int end, String message) {
        List<String> out = new ArrayList<>();
        int lineStart = 0;
        int lineNo = 1;
        start = Math.max(0, Math.min(start, code.length()));
        for (int i = 0; i < start; i++) {
            if (code.charAt(i) == '\n') {
                lineStart = i + 1;
                lineNo++;
            }
        }
        int lineEnd = code.indexOf('\n', lineStart);
        if (lineEnd < 0) {
            lineEnd = code.length();
        }
        int caretEnd = Math.max(start + 1, Math.min(end, lineEnd));
        out.add("line " + lineNo + ": " + message);
        out.add(code.substring(lineStart, lineEnd));
        out.add(" ".repeat(start - lineStart) + "^".repeat(Math.max(1, caretEnd - start)));
        return out;
    }
}
