package org.cellbook.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.UUID;
import org.cellbook.kernel.display.DisplayRegistry;

/**
 * What cells call to show things (statically imported in every session, as in IJava):
 * {@code display(x)}, {@code updateDisplay(id, x)}, {@code render(x)}, {@code clearOutput()},
 * {@code html("<b>hi</b>")}, {@code markdown("# Title")}, {@code json(map)}.
 * Outside a kernel (plain JShell, tests) output falls back to text on System.out.
 */
public final class Display {
    /** Where display messages go; the kernel installs one. */
    public interface Sink {
        void display(DisplayData data);

        void update(DisplayData data);

        void clear(boolean wait);

        /** Shows a value in the front end's pager (an execute_reply payload). */
        void page(DisplayData data);
    }

    /** HTML shown as is. */
    public record Html(String html) { }

    /** Markdown rendered by the front end. */
    public record Markdown(String markdown) { }

    /** Any value shown as {@code application/json} (serialised with Jackson). */
    public record Json(Object value) { }

    private static volatile Sink sink;
    private static volatile DisplayRegistry registry = DisplayRegistry.withDefaults();

    private Display() { }

    public static void install(Sink newSink, DisplayRegistry newRegistry) {
        sink = newSink;
        registry = newRegistry;
    }

    /** The installed sink, or null outside a kernel (a cell cache wraps it to record displays). */
    public static Sink sink() {
        return sink;
    }

    public static DisplayRegistry registry() {
        return registry;
    }

    /** The MIME bundle for a value, as an execute result would show it. */
    public static DisplayData render(Object value) {
        return registry.render(value);
    }

    /** Shows a value now and returns the display id, for {@link #updateDisplay}. */
    public static String display(Object value) {
        return display(value, UUID.randomUUID().toString());
    }

    /** Shows a value under the given display id. */
    public static String display(Object value, String displayId) {
        DisplayData data = copy(render(value));
        data.setDisplayId(displayId);
        Sink s = sink;
        if (s == null) {
            System.out.println(DisplayRegistry.plainText(value));
        } else {
            s.display(data);
        }
        return displayId;
    }

    /** Replaces what an earlier {@link #display} with this id shows. */
    public static void updateDisplay(String displayId, Object value) {
        DisplayData data = copy(render(value));
        data.setDisplayId(displayId);
        Sink s = sink;
        if (s == null) {
            System.out.println(DisplayRegistry.plainText(value));
        } else {
            s.update(data);
        }
    }

    /** Clears the cell's output; with {@code wait}, only when the next output arrives. */
    public static void clearOutput(boolean wait) {
        Sink s = sink;
        if (s != null) {
            s.clear(wait);
        }
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    /** Shows a value in the pager instead of the cell output (like IPython's {@code ?}). */
    public static void page(Object value) {
        Sink s = sink;
        if (s == null) {
            System.out.println(DisplayRegistry.plainText(value));
        } else {
            s.page(copy(render(value)));
        }
    }

    public static Html html(String html) {
        return new Html(html);
    }

    public static Markdown markdown(String markdown) {
        return new Markdown(markdown);
    }

    public static Json json(Object value) {
        return new Json(value);
    }

    /** A progress bar shown in place and updated as work proceeds; see {@link Progress}. */
    public static Progress progress(String label, long total) {
        return new Progress(label, total);
    }

    private static DisplayData copy(DisplayData d) {
        DisplayData c = new DisplayData();
        c.assign(d); // renderers may hand back shared bundles; the display id must not leak into them
        return c;
    }
}
