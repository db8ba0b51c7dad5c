package org.cellbook.core.pipeline;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.config.ConfigKeys;

/** Turns a step's params record into the plain values a cache key takes (nested records become maps). */
public final class StepParams {
    private StepParams() {
    }

    public static Map<String, Object> of(Record params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (params == null) {
            return out;
        }
        for (RecordComponent rc : params.getClass().getRecordComponents()) {
            try {
                out.put(ConfigKeys.snake(rc.getName()), plain(rc.getAccessor().invoke(params)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + rc, e);
            }
        }
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof Record r) {
            return of(r);
        }
        if (v instanceof Path p) {
            // A path is a name, not content; steps that read files add them as file inputs.
            return p.toString();
        }
        if (v instanceof Collection<?> c) {
            List<Object> l = new ArrayList<>(c.size());
            c.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> o = new LinkedHashMap<>();
            m.forEach((k, x) -> o.put(String.valueOf(k), plain(x)));
            return o;
        }
        return v;
    }
}
