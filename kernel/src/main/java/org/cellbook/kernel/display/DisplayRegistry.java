package org.cellbook.kernel.display;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns values into Jupyter MIME bundles. Renderers are registered by type; the most specific one
 * wins (the class itself, then its superclasses, then interfaces breadth-first). Every bundle gets a
 * {@code text/plain} entry, and a renderer that throws falls back to {@code toString()}.
 */
public final class DisplayRegistry {
    private final Map<Class<?>, Function<Object, DisplayData>> renderers = new LinkedHashMap<>();

    /** A registry with Cellbook's renderers: images, charts, tables, matrices, AnnData, HTML/JSON. */
    public static DisplayRegistry withDefaults() {
        DisplayRegistry r = new DisplayRegistry();
        StandardRenderers.registerAll(r);
        return r;
    }

    public synchronized <T> void register(Class<T> type, Function<? super T, DisplayData> renderer) {
        renderers.put(type, value -> renderer.apply(type.cast(value)));
    }

    public DisplayData render(Object value) {
        if (value instanceof DisplayData d) {
            return d;
        }
        DisplayData out;
        Function<Object, DisplayData> r = value == null ? null : find(value.getClass());
        try {
            out = r == null ? new DisplayData() : r.apply(value);
        } catch (RuntimeException e) {
            out = new DisplayData();
        }
        if (!out.hasDataForType(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)) {
            out.putText(plainText(value));
        }
        return out;
    }

    /** The text/plain form: arrays element-wise, everything else by toString. */
    public static String plainText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }

    private synchronized Function<Object, DisplayData> find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Function<Object, DisplayData> r = renderers.get(c);
            if (r != null && c != Object.class) {
                return r;
            }
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            queue.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!queue.isEmpty()) {
            Class<?> i = queue.poll();
            if (!seen.add(i)) {
                continue;
            }
            Function<Object, DisplayData> r = renderers.get(i);
            if (r != null) {
                return r;
            }
            queue.addAll(Arrays.asList(i.getInterfaces()));
        }
        return renderers.get(Object.class);
    }
}
