package org.cellbook.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellbook.kernel.exec.CellFailure;
import org.cellbook.kernel.exec.JavaEvaluator;

/**
 * Runs a cell that may contain magics. A first line {@code %%name args} hands the rest of the cell to
 * that cell magic. Otherwise lines starting with {@code %name} run as line magics, in order with the
 * Java between them; the cell's value is the value of its last part.
 */
public final class CellRunner {
    private static final Pattern CELL_MAGIC = Pattern.compile("\\A\\s*%%(\\w+)[ \\t]*([^\\n]*)\\n?(.*)\\z", Pattern.DOTALL);
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z]\\w*)[ \\t]*(.*?)\\s*$");

    private final JavaEvaluator evaluator;
    private final Magics magics;

    public CellRunner(JavaEvaluator evaluator, Magics magics) {
        this.evaluator = evaluator;
        this.magics = magics;
    }

    public JavaEvaluator.Result run(int executionCount, String source) throws CellFailure {
        Matcher cm = CELL_MAGIC.matcher(source);
        if (cm.matches()) {
            return magic(() -> magics.runCell(cm.group(1), cm.group(2).trim(), cm.group(3)));
        }
        if (source.lines().noneMatch(l -> LINE_MAGIC.matcher(l).matches())) {
            return evaluator.eval(executionCount, source); // the common case: plain Java
        }
        JavaEvaluator.Result last = new JavaEvaluator.Result(false, null);
        List<String> code = new ArrayList<>();
        for (String line : source.split("\n", -1)) {
            Matcher lm = LINE_MAGIC.matcher(line);
            if (lm.matches()) {
                last = flush(executionCount, code, last);
                last = magic(() -> magics.runLine(lm.group(1), lm.group(2)));
            } else {
                code.add(line);
            }
        }
        return flush(executionCount, code, last);
    }

    private JavaEvaluator.Result flush(int count, List<String> code, JavaEvaluator.Result last) throws CellFailure {
        String chunk = String.join("\n", code);
        code.clear();
        if (chunk.isBlank()) {
            return last;
        }
        return evaluator.eval(count, chunk);
    }

    private interface MagicCall {
        Object call() throws Exception;
    }

    private static JavaEvaluator.Result magic(MagicCall call) throws CellFailure {
        try {
            Object v = call.call();
            return v == null ? new JavaEvaluator.Result(false, null) : new JavaEvaluator.Result(true, v);
        } catch (CellFailure f) {
            throw f;
        } catch (Exception e) {
            throw new CellFailure.Thrown(e, List.of(e.getClass().getName() + ": " + e.getMessage()));
        }
    }
}
