package org.cellbook.kernel.magic;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cellbook.kernel.exec.CellFailure;

/**
 * IPython-style magics, by name: line magics ({@code %name args}, one line) and cell magics
 * ({@code %%name args} on a cell's first line, applied to the rest of the cell). A magic may return
 * a value, shown like an expression's.
 */
public final class Magics {
    @FunctionalInterface
    public interface Line {
        Object run(String args) throws Exception;
    }

    @FunctionalInterface
    public interface Cell {
        Object run(String args, String body) throws Exception;
    }

    private final Map<String, Line> lines = new TreeMap<>();
    private final Map<String, Cell> cells = new TreeMap<>();

    public void line(String name, Line magic) {
        lines.put(name, magic);
    }

    public void cell(String name, Cell magic) {
        cells.put(name, magic);
    }

    public List<String> lineNames() {
        return List.copyOf(lines.keySet());
    }

    public List<String> cellNames() {
        return List.copyOf(cells.keySet());
    }

    public Object runLine(String name, String args) throws Exception {
        Line m = lines.get(name);
        if (m == null) {
            throw unknown("%" + name, lines.keySet());
        }
        return m.run(args);
    }

    public Object runCell(String name, String args, String body) throws Exception {
        Cell m = cells.get(name);
        if (m == null) {
            throw unknown("%%" + name, cells.keySet());
        }
        return m.run(args, body);
    }

    private static CellFailure unknown(String name, Iterable<String> known) {
        String msg = "unknown magic " + name + " (known: " + String.join(", ", known) + "; see %lsmagic)";
        return new CellFailure.Compile(msg, List.of(msg));
    }
}
