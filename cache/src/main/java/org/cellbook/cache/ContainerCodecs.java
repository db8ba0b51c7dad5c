package org.cellbook.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codecs for values of mixed types: every element is written as its codec's tag followed by
 * its bytes ({@link Codecs#writeValue}), so one map can hold a table, a double[] and a record.
 */
final class ContainerCodecs {
    private ContainerCodecs() {
    }

    /** Map with String keys, insertion order kept; read back as a mutable LinkedHashMap. */
    static final class MapCodec implements Codec<Map<String, Object>> {
        private final Codecs codecs;

        MapCodec(Codecs codecs) {
            this.codecs = codecs;
        }

        @Override
        public String tag() {
            return "map";
        }

        @Override
        public Class<?> type() {
            return Map.class;
        }

        @Override
        public void write(Map<String, Object> map, ValueOutput out) throws IOException {
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("the cache stores maps with String keys only; found the "
                            + (e.getKey() == null ? "null key" : e.getKey().getClass().getName() + " key '" + e.getKey()
                            + "'"));
                }
                out.writeString(key);
                try {
                    codecs.writeValue(e.getValue(), out);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("map entry '" + key + "': " + ex.getMessage(), ex);
                }
            }
        }

        @Override
        public Map<String, Object> read(ValueInput in) throws IOException {
            int n = ValueInput.checkLength(in.readInt());
            Map<String, Object> map = LinkedHashMap.newLinkedHashMap(n);
            for (int i = 0; i < n; i++) {
                String key = in.readString();
                map.put(key, codecs.readValue(in));
            }
            return map;
        }
    }

    /** List of any codable elements; read back as a mutable ArrayList. */
    static final class ListCodec implements Codec<List<Object>> {
        private final Codecs codecs;

        ListCodec(Codecs codecs) {
            this.codecs = codecs;
        }

        @Override
        public String tag() {
            return "list";
        }

        @Override
        public Class<?> type() {
            return List.class;
        }

        @Override
        public void write(List<Object> list, ValueOutput out) throws IOException {
            out.writeInt(list.size());
            int i = 0;
            for (Object element : list) {
                try {
                    codecs.writeValue(element, out);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("list element " + i + ": " + ex.getMessage(), ex);
                }
                i++;
            }
        }

        @Override
        public List<Object> read(ValueInput in) throws IOException {
            int n = ValueInput.checkLength(in.readInt());
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(codecs.readValue(in));
            }
            return list;
        }
    }

    /** Any codable value, chosen by its class when written and by its tag when read. */
    static final class AnyCodec implements Codec<Object> {
        private final Codecs codecs;

        AnyCodec(Codecs codecs) {
            this.codecs = codecs;
        }

        /** The registry that also reads entries stored with any other of its codecs. */
        Codecs codecs() {
            return codecs;
        }

        @Override
        public String tag() {
            return "any";
        }

        @Override
        public Class<?> type() {
            return Object.class;
        }

        @Override
        public void write(Object value, ValueOutput out) throws IOException {
            codecs.writeValue(value, out);
        }

        @Override
        public Object read(ValueInput in) throws IOException {
            return codecs.readValue(in);
        }
    }
}
