package org.cellbook.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cellbook.runtime.Notebook;

/**
 * Adds export cells to an in-memory copy of a notebook (the file is never edited): after each
 * mapped cell, one cell evaluating and writing the expressions of the items mapped to it; and a
 * set-up cell first.
 * Cells are inserted from the bottom up so the spec's indices stay valid while inserting.
 */
final class ExportInjection {
    static final String TAG = "parity-export";

    /** An item mapped to a cell of this notebook. */
    record Mapped(ParitySpec.Item item, int cellIndex) {
    }

    /** How one language spells the set-up cell and an export call. */
    interface Language {
        String setup(Path exportDir);

        String export(String id, String expr);
    }

    private ExportInjection() {
    }

    /** Resolves every item's selector for {@code side} ("original" or "port"); errors name the item. */
    static List<Mapped> map(ParitySpec spec, String side, Notebook nb, Path file) {
        List<Mapped> out = new ArrayList<>();
        for (ParitySpec.Item item : spec.items()) {
            out.add(new Mapped(item, spec.resolve(item, side, nb, file).index()));
        }
        return out;
    }

    static Notebook inject(Notebook source, List<Mapped> mapped, String side, Language lang, Path exportDir) {
        Notebook nb = source.copy();
        List<Mapped> order = new ArrayList<>(mapped);
        // Bottom-up; items on the same cell keep spec order below it.
        order.sort(Comparator.comparingInt(Mapped::cellIndex).reversed());
        for (int i = 0; i < order.size(); ) {
            int cell = order.get(i).cellIndex();
            List<Mapped> same = new ArrayList<>();
            while (i < order.size() && order.get(i).cellIndex() == cell) {
                same.add(order.get(i++));
            }
            same.sort(Comparator.comparingInt(m -> mapped.indexOf(m)));
            // One export cell per mapped cell: fewer cells to run, and the executed copy stays readable.
            List<String> calls = new ArrayList<>();
            for (Mapped m : same) {
                String expr = side.equals("original") ? m.item().original().expr() : m.item().port().expr();
                calls.add(lang.export(m.item().id(), expr));
            }
            nb.insertCode(cell + 1, String.join("\n", calls), List.of(TAG));
        }
        nb.insertCode(0, lang.setup(exportDir), List.of(TAG));
        return nb;
    }
}
