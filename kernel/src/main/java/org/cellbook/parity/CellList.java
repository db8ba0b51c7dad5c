package org.cellbook.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.runtime.Notebook;

/** {@code cellbook parity --cells}: a notebook's code cells with what a spec can select them by. */
public final class CellList {
    private CellList() {
    }

    public static List<String> lines(Path notebook) {
        List<String> out = new ArrayList<>();
        out.add("cell  sha:prefix  tags  name  first line");
        for (Notebook.Cell c : Notebook.read(notebook).cells()) {
            if (c.isCode()) {
                var meta = c.metadata().path("cellbook");
                String name = meta.path("cell").asText(meta.path("ports").asText("-"));
                out.add(String.format("%-5d sha:%s  %s  %s  %s", c.index(), CellSelector.fingerprint(c.source()).substring(0, 12),
                        c.tags().isEmpty() ? "-" : String.join(",", c.tags()), name.isEmpty() ? "-" : name, c.label()));
            }
        }
        return out;
    }
}
