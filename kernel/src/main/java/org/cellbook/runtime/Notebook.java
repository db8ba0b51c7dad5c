package org.cellbook.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.io.AtomicWrite;

/**
 * An nbformat-4 notebook held as its JSON tree, so fields Cellbook does not know survive a
 * read-execute-write cycle untouched. Cells are views over the tree.
 */
public final class Notebook {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;

    private Notebook(ObjectNode root) {
        this.root = root;
    }

    public static Notebook read(Path path) {
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw BadInputException.file(path, "notebook not found", "check the path");
        } catch (JsonProcessingException e) {
            throw BadInputException.line(path, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid notebook JSON (" + e.getOriginalMessage() + ")", "open and re-save it in Jupyter");
        } catch (IOException e) {
            throw BadInputException.file(path, "cannot read (" + e.getMessage() + ")", "check permissions");
        }
        if (!(tree instanceof ObjectNode obj) || !obj.path("cells").isArray()) {
            throw BadInputException.file(path, "not a Jupyter notebook (no cells array)", "give an .ipynb file");
        }
        if (obj.path("nbformat").asInt(0) != 4) {
            throw BadInputException.file(path, "nbformat " + obj.path("nbformat").asText("?") + " is not supported",
                    "convert it with `jupyter nbconvert --to notebook --nbformat 4`");
        }
        return new Notebook(obj);
    }

    /** A new empty notebook for a kernel. */
    public static Notebook create(String kernelName, String language) {
        ObjectNode root = JSON.createObjectNode();
        root.put("nbformat", 4);
        root.put("nbformat_minor", 5);
        ObjectNode meta = root.putObject("metadata");
        ObjectNode ks = meta.putObject("kernelspec");
        ks.put("name", kernelName);
        ks.put("display_name", kernelName);
        ks.put("language", language);
        meta.putObject("language_info").put("name", language);
        root.putArray("cells");
        return new Notebook(root);
    }

    public Notebook copy() {
        return new Notebook(root.deepCopy());
    }

    public ObjectNode metadata() {
        JsonNode m = root.get("metadata");
        return m instanceof ObjectNode o ? o : root.putObject("metadata");
    }

    public String kernelName() {
        return metadata().path("kernelspec").path("name").asText(null);
    }

    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        ArrayNode cells = (ArrayNode) root.get("cells");
        for (int i = 0; i < cells.size(); i++) {
            out.add(new Cell((ObjectNode) cells.get(i), i));
        }
        return out;
    }

    /** Inserts a code cell at position {@code index}; returns it. */
    public Cell insertCode(int index, String source, List<String> tags) {
        ObjectNode c = JSON.createObjectNode();
        c.put("cell_type", "code");
        c.put("id", "injected-" + Integer.toHexString(source.hashCode()) + "-" + index);
        ObjectNode meta = c.putObject("metadata");
        ArrayNode t = meta.putArray("tags");
        tags.forEach(t::add);
        c.put("execution_count", (Integer) null);
        c.putArray("outputs");
        c.put("source", source);
        ((ArrayNode) root.get("cells")).insert(index, c);
        return new Cell(c, index);
    }

    /** Appends a code cell; returns it. */
    public Cell appendCode(String source) {
        return insertCode(((ArrayNode) root.get("cells")).size(), source, List.of());
    }

    /** Writes atomically (temp file, then rename). */
    public void write(Path path) {
        try {
            AtomicWrite.write(path, JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode notebook " + path, e);
        }
    }

    public ObjectNode tree() {
        return root;
    }

    /** One cell: a view over its JSON object. */
    public static final class Cell {
        private final ObjectNode node;
        private final int index;

        Cell(ObjectNode node, int index) {
            this.node = node;
            this.index = index;
        }

        public int index() {
            return index;
        }

        public String type() {
            return node.path("cell_type").asText();
        }

        public boolean isCode() {
            return "code".equals(type());
        }

        /** Source as one string (nbformat allows a string or a list of lines). */
        public String source() {
            JsonNode s = node.get("source");
            if (s == null) {
                return "";
            }
            if (s.isArray()) {
                StringBuilder b = new StringBuilder();
                s.forEach(line -> b.append(line.asText()));
                return b.toString();
            }
            return s.asText();
        }

        public void setSource(String source) {
            node.put("source", source);
        }

        public ObjectNode metadata() {
            JsonNode m = node.get("metadata");
            return m instanceof ObjectNode o ? o : node.putObject("metadata");
        }

        public List<String> tags() {
            List<String> out = new ArrayList<>();
            metadata().path("tags").forEach(t -> out.add(t.asText()));
            return out;
        }

        public boolean hasTag(String tag) {
            return tags().contains(tag);
        }

        /** Replaces the outputs (a JSON array of nbformat output objects). */
        public ArrayNode clearOutputs() {
            return node.putArray("outputs");
        }

        public ArrayNode outputs() {
            JsonNode o = node.get("outputs");
            return o instanceof ArrayNode a ? a : node.putArray("outputs");
        }

        public void setExecutionCount(Integer n) {
            node.put("execution_count", n);
        }

        public JsonNode executionCount() {
            return node.get("execution_count");
        }

        /** First non-blank source line, shortened, for progress lines and manifests. */
        public String label() {
            for (String line : source().split("\n")) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
                }
            }
            return "(empty)";
        }

        public ObjectNode node() {
            return node;
        }
    }
}
