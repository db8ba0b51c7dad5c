package org.cellbook.kernel.cellcache;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cellbook.cache.Codecs;

/** Whether a variable's value can be stored by the cache codecs, and if not, why. */
final class Codability {
    private final Codecs codecs;

    Codability(Codecs codecs) {
        this.codecs = codecs;
    }

    /** Empty when {@code value} can be stored; else what cannot, e.g. "a java.lang.Thread". */
    Optional<String> problem(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            for (Object e : list) {
                Optional<String> p = problem(e);
                if (p.isPresent()) {
                    return p.map(s -> s + " in a list");
                }
            }
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return Optional.of("a map key of type " + typeName(e.getKey()) + " (only String keys can be stored)");
                }
                Optional<String> p = problem(e.getValue());
                if (p.isPresent()) {
                    return p.map(s -> s + " in a map");
                }
            }
            return Optional.empty();
        }
        if (value.getClass().getName().startsWith("REPL.")) {
            return Optional.of("a " + value.getClass().getSimpleName()
                    + " (a class declared in the notebook; another session could not read it back)");
        }
        try {
            codecs.forType(value.getClass());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("a " + typeName(value) + " (no cache codec for it)");
        }
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
