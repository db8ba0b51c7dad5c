package org.cellbook.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.kernel.runtime.Display;

/**
 * Collects what a cell shows into its nbformat outputs, for headless runs: the {@link Display.Sink}
 * side (display_data, in-place updates by display id, clear_output) and System.out/err as stream
 * outputs (consecutive text of one stream merged into one output, as Jupyter shows it).
 */
final class CellOutputs implements Display.Sink {
    private ArrayNode outputs = Notebook.JSON.createArrayNode();
    private final Map<String, ObjectNode> byDisplayId = new HashMap<>();
    private boolean clearBeforeNext;
    final PrintStream out = new PrintStream(new StreamOutput("stdout"), true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(new StreamOutput("stderr"), true, StandardCharsets.UTF_8);

    /** Starts collecting into a new cell's outputs. */
    void startCell(ArrayNode cellOutputs) {
        flush();
        synchronized (this) {
            outputs = cellOutputs;
            byDisplayId.clear();
            clearBeforeNext = false;
        }
    }

    /**
     * Moves buffered text into the outputs. Never called holding this object's lock: the lock order
     * is always PrintStream first, then this object (as a printing thread takes them).
     */
    void flush() {
        out.flush();
        err.flush();
    }

    @Override
    public synchronized void display(DisplayData data) {
        ObjectNode o = bundle("display_data", data);
        add(o);
        if (data.getDisplayId() != null) {
            byDisplayId.put(data.getDisplayId(), o);
        }
    }

    @Override
    public synchronized void update(DisplayData data) {
        ObjectNode target = byDisplayId.get(data.getDisplayId());
        if (target != null) {
            ObjectNode fresh = bundle("display_data", data);
            target.set("data", fresh.get("data"));
            target.set("metadata", fresh.get("metadata"));
        }
    }

    @Override
    public synchronized void clear(boolean wait) {
        if (wait) {
            clearBeforeNext = true;
        } else {
            outputs.removeAll();
            byDisplayId.clear();
        }
    }

    @Override
    public synchronized void page(DisplayData data) {
        add(bundle("display_data", data));
    }

    void executeResult(int count, DisplayData data) {
        flush();
        synchronized (this) {
            ObjectNode o = bundle("execute_result", data);
            o.put("execution_count", count);
            add(o);
        }
    }

    void error(String ename, String evalue, List<String> traceback) {
        flush();
        synchronized (this) {
            ObjectNode o = Notebook.JSON.createObjectNode();
            o.put("output_type", "error");
            o.put("ename", ename);
            o.put("evalue", evalue);
            ArrayNode tb = o.putArray("traceback");
            traceback.forEach(tb::add);
            add(o);
        }
    }

    private void add(ObjectNode o) {
        if (clearBeforeNext) {
            clearBeforeNext = false;
            outputs.removeAll();
            byDisplayId.clear();
        }
        outputs.add(o);
    }

    private synchronized void text(String name, String text) {
        int last = outputs.size() - 1;
        if (last >= 0 && !clearBeforeNext && outputs.get(last).path("output_type").asText().equals("stream")
                && outputs.get(last).path("name").asText().equals(name)) {
            ObjectNode o = (ObjectNode) outputs.get(last);
            o.put("text", o.get("text").asText() + text);
            return;
        }
        ObjectNode o = Notebook.JSON.createObjectNode();
        o.put("output_type", "stream");
        o.put("name", name);
        o.put("text", text);
        add(o);
    }

    /** An nbformat display_data / execute_result object from a MIME bundle (transient display id dropped). */
    private static ObjectNode bundle(String type, DisplayData data) {
        ObjectNode o = Notebook.JSON.createObjectNode();
        o.put("output_type", type);
        JsonNode tree;
        try {
            tree = Notebook.JSON.readTree(new com.google.gson.Gson().toJson(data));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot convert a display bundle", e);
        }
        JsonNode d = tree.get("data");
        JsonNode m = tree.get("metadata");
        o.set("data", d instanceof ObjectNode ? d : Notebook.JSON.createObjectNode());
        o.set("metadata", m instanceof ObjectNode ? m : Notebook.JSON.createObjectNode());
        return o;
    }

    /** Bytes to text at line ends and flushes (PrintStream with autoflush flushes on println). */
    private final class StreamOutput extends OutputStream {
        private final String name;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        StreamOutput(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            synchronized (CellOutputs.this) {
                buffer.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (CellOutputs.this) {
                buffer.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            synchronized (CellOutputs.this) {
                if (buffer.size() > 0) {
                    String s = buffer.toString(StandardCharsets.UTF_8);
                    buffer.reset();
                    text(name, s);
                }
            }
        }
    }
}
