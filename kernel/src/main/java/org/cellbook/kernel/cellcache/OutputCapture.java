package org.cellbook.kernel.cellcache;

import com.google.gson.Gson;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.kernel.runtime.Display;

/**
 * Records what a running cell shows, in order: text written to System.out and System.err and
 * display messages (an update of an earlier display replaces the recorded bundle, so a progress bar
 * is replayed in its final state). Everything still reaches the front end as usual. The record is
 * a list of codable maps ({@code kind}: stdout, stderr or display; {@code text}: the text, or the
 * display's MIME bundle as JSON), which {@link #replay} shows again.
 */
final class OutputCapture implements AutoCloseable {
    private static final Gson GSON = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();

    private final PrintStream out;
    private final PrintStream err;
    private final Display.Sink sink;
    private final List<Object[]> events = new ArrayList<>(); // {kind, ByteArrayOutputStream or DisplayData}
    private final Map<String, Integer> displayIndex = new LinkedHashMap<>();
    private boolean closed;

    private OutputCapture() {
        this.out = System.out;
        this.err = System.err;
        this.sink = Display.sink();
    }

    static OutputCapture start() {
        OutputCapture c = new OutputCapture();
        System.setOut(new PrintStream(c.tee("stdout", c.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(c.tee("stderr", c.err), true, StandardCharsets.UTF_8));
        Display.install(c.new RecordingSink(), Display.registry());
        return c;
    }

    private OutputStream tee(String kind, PrintStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                target.write(b, off, len);
                segment(kind).write(b, off, len);
            }

            @Override
            public void flush() {
                target.flush();
            }
        };
    }

    private synchronized ByteArrayOutputStream segment(String kind) {
        if (!events.isEmpty() && events.getLast()[0].equals(kind)) {
            return (ByteArrayOutputStream) events.getLast()[1];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        events.add(new Object[] {kind, b});
        return b;
    }

    private synchronized void displayed(DisplayData data) {
        if (data.hasDisplayId()) {
            displayIndex.put(data.getDisplayId(), events.size());
        }
        events.add(new Object[] {"display", data});
    }

    private synchronized void updated(DisplayData data) {
        Integer i = data.hasDisplayId() ? displayIndex.get(data.getDisplayId()) : null;
        if (i != null) {
            events.set(i, new Object[] {"display", data});
        }
    }

    /** What was shown before a clear is gone (a waiting clear is treated as immediate). */
    private synchronized void cleared() {
        events.clear();
        displayIndex.clear();
    }

    /** Stops recording and puts the streams and the display sink back. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
        Display.install(sink, Display.registry());
    }

    /** The recorded outputs as codable maps. */
    synchronized List<Object> outputs() {
        List<Object> list = new ArrayList<>();
        for (Object[] e : events) {
            String text = e[1] instanceof DisplayData d ? toJson(d)
                    : ((ByteArrayOutputStream) e[1]).toString(StandardCharsets.UTF_8);
            list.add(Map.of("kind", e[0], "text", text));
        }
        return list;
    }

    static String toJson(DisplayData data) {
        return GSON.toJson(data);
    }

    static DisplayData fromJson(String json) {
        return GSON.fromJson(json, DisplayData.class);
    }

    /** Shows recorded outputs again, in their order. */
    static void replay(List<?> outputs) {
        for (Object o : outputs) {
            Map<?, ?> m = (Map<?, ?>) o;
            String text = (String) m.get("text");
            switch ((String) m.get("kind")) {
                case "stdout" -> {
                    System.out.print(text);
                    System.out.flush();
                }
                case "stderr" -> {
                    System.err.print(text);
                    System.err.flush();
                }
                default -> {
                    DisplayData d = fromJson(text);
                    Display.Sink s = Display.sink();
                    if (s == null) {
                        System.out.println(d.getData(MIMEType.TEXT_PLAIN));
                    } else {
                        s.display(d);
                    }
                }
            }
        }
    }

    /** Records displays and passes them on (or prints their text, as Display does outside a kernel). */
    private final class RecordingSink implements Display.Sink {
        @Override
        public void display(DisplayData data) {
            displayed(data);
            if (sink == null) {
                out.println(data.getData(MIMEType.TEXT_PLAIN)); // not System.out: that would record it twice
            } else {
                sink.display(data);
            }
        }

        @Override
        public void update(DisplayData data) {
            updated(data);
            if (sink == null) {
                out.println(data.getData(MIMEType.TEXT_PLAIN));
            } else {
                sink.update(data);
            }
        }

        @Override
        public void clear(boolean wait) {
            cleared();
            if (sink != null) {
                sink.clear(wait);
            }
        }

        @Override
        public void page(DisplayData data) {
            if (sink != null) {
                sink.page(data);
            }
        }
    }
}
