package org.cellbook.cache;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the canonical byte encoding of {@link CacheKey} into a digest (the recipe is in the
 * CacheKey Javadoc) and turns parameter values into their canonical Java form.
 */
final class CanonicalEncoder {
    private final MessageDigest digest;

    CanonicalEncoder(MessageDigest digest) {
        this.digest = digest;
    }

    void string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        digest.update(utf8);
    }

    void u32(int n) {
        digest.update(ByteBuffer.allocate(4).putInt(n).array());
    }

    void tag(char tag) {
        digest.update((byte) tag);
    }

    /** A canonical parameter value (see {@link #canonical}). */
    void value(Object v) {
        switch (v) {
            case null -> tag('Z');
            case Boolean b -> {
                tag('B');
                digest.update((byte) (b ? 1 : 0));
            }
            case Long l -> {
                tag('I');
                digest.update(ByteBuffer.allocate(8).putLong(l).array());
            }
            case Double d -> {
                tag('D');
                digest.update(ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(d)).array());
            }
            case String s -> {
                tag('S');
                string(s);
            }
            case List<?> list -> {
                tag('L');
                u32(list.size());
                list.forEach(this::value);
            }
            case Map<?, ?> map -> {
                tag('M');
                u32(map.size());
                map.forEach((k, x) -> {
                    string((String) k);
                    value(x);
                });
            }
            default -> throw new IllegalStateException("not canonical: " + v.getClass());
        }
    }

    /**
     * The canonical form of a parameter value: null, Boolean, Long (all integral types),
     * Double (float widened exactly; -0.0 becomes 0.0 and every NaN the one canonical NaN),
     * String (also enum constants by name), unmodifiable List (lists and arrays) or unmodifiable
     * sorted Map with String keys.
     *
     * @throws IllegalArgumentException for any other type, naming the parameter
     */
    static Object canonical(String where, Object v) {
        return switch (v) {
            case null -> null;
            case Boolean b -> b;
            case Byte b -> (long) b;
            case Short s -> (long) s;
            case Integer i -> (long) i;
            case Long l -> l;
            case Float f -> canonicalDouble(f.doubleValue());
            case Double d -> canonicalDouble(d);
            case Character c -> String.valueOf(c);
            case String s -> s;
            case Enum<?> e -> e.name();
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(canonical(where + "[" + i + "]", list.get(i)));
                }
                yield Collections.unmodifiableList(out);
            }
            case Map<?, ?> map -> {
                TreeMap<String, Object> out = new TreeMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String k)) {
                        throw new IllegalArgumentException("cache key parameter '" + where + "' is a map with a "
                                + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
                                + " key; only String keys are allowed");
                    }
                    out.put(k, canonical(where + "." + k, e.getValue()));
                }
                yield Collections.unmodifiableSortedMap(out);
            }
            case Path p -> throw new IllegalArgumentException("cache key parameter '" + where + "' is a Path (" + p
                    + "); use inputFile(...) when the file's content matters, or pass path.toString() when only its"
                    + " name does");
            default -> {
                if (v.getClass().isArray()) {
                    int n = Array.getLength(v);
                    List<Object> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        out.add(canonical(where + "[" + i + "]", Array.get(v, i)));
                    }
                    yield Collections.unmodifiableList(out);
                }
                throw new IllegalArgumentException("cache key parameter '" + where + "' has type " + v.getClass().getName()
                        + ", which has no canonical encoding; use a String, boolean, number, enum, List, array or"
                        + " Map<String, ?> of those");
            }
        };
    }

    private static Double canonicalDouble(double d) {
        if (Double.isNaN(d)) {
            return Double.NaN;
        }
        return d == 0.0 ? 0.0 : d;
    }
}
