package org.cellbook.parity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.cellbook.runtime.Notebook;

/**
 * Which notebook cell an item's value is read after. Written in the spec as a cell index
 * ({@code 6}, counting every cell from 0 as nbformat does), {@code "tag:NAME"} (the cell carrying
 * that tag), {@code "name:NAME"} (the cell whose metadata {@code cellbook.cell} or
 * {@code cellbook.ports} is NAME: an original's cell names and the port cell porting it) or
 * {@code "sha:PREFIX"} (a prefix, 8 hex digits or more, of {@link #fingerprint}), so a spec can
 * survive cells being inserted above the mapped one.
 */
public sealed interface CellSelector {
    record Index(int index) implements CellSelector {
        @Override
        public String toString() {
            return Integer.toString(index);
        }
    }

    record Tag(String tag) implements CellSelector {
        @Override
        public String toString() {
            return "tag:" + tag;
        }
    }

    record Name(String name) implements CellSelector {
        @Override
        public String toString() {
            return "name:" + name;
        }
    }

    record Fingerprint(String prefix) implements CellSelector {
        @Override
        public String toString() {
            return "sha:" + prefix;
        }
    }

    /** Parses the spec text; null when it is none of the three forms. */
    static CellSelector parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) {
            return new Index(Integer.parseInt(t));
        }
        if (t.startsWith("tag:") && t.length() > 4) {
            return new Tag(t.substring(4).strip());
        }
        if (t.startsWith("name:") && t.length() > 5) {
            return new Name(t.substring(5).strip());
        }
        if (t.startsWith("sha:") && t.substring(4).strip().matches("[0-9a-fA-F]{8,64}")) {
            return new Fingerprint(t.substring(4).strip().toLowerCase(java.util.Locale.ROOT));
        }
        return null;
    }

    /** The code cells this selector matches (an index pointing at a markdown cell matches nothing). */
    default List<Notebook.Cell> matches(Notebook nb) {
        return nb.cells().stream().filter(Notebook.Cell::isCode).filter(c -> switch (this) {
            case Index i -> c.index() == i.index();
            case Tag t -> c.hasTag(t.tag());
            case Name n -> n.name().equals(c.metadata().path("cellbook").path("cell").asText(null))
                    || n.name().equals(c.metadata().path("cellbook").path("ports").asText(null));
            case Fingerprint f -> fingerprint(c.source()).startsWith(f.prefix());
        }).toList();
    }

    /**
     * SHA-256 (hex) of the cell source normalised so that editor noise does not change it: line
     * endings as \n, trailing whitespace on each line and leading/trailing blank lines removed.
     */
    static String fingerprint(String source) {
        String[] lines = source.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line.stripTrailing()).append('\n');
        }
        String normalised = b.toString().strip();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
