package org.cellbook.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

/** JSON Schema (draft 2020-12) for a config record type, with descriptions from {@link Doc} and defaults. */
public final class JsonSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemas() {
    }

    /** The schema of {@code type}; {@code defaults} (as a tree, may be null) supplies "default" values. */
    public static ObjectNode of(Class<? extends Record> type, JsonNode defaults, String title) {
        ObjectNode root = forType(type, defaults);
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", title);
        schema.setAll(root);
        return schema;
    }

    private static ObjectNode forType(Type t, JsonNode defaults) {
        Class<?> c = ConfigKeys.raw(t);
        ObjectNode n = JSON.createObjectNode();
        if (c.isRecord()) {
            n.put("type", "object");
            Doc doc = c.getAnnotation(Doc.class);
            if (doc != null) {
                n.put("description", doc.value());
            }
            ObjectNode props = n.putObject("properties");
            for (Map.Entry<String, RecordComponent> e : ConfigKeys.components(c).entrySet()) {
                JsonNode d = defaults == null ? null : defaults.get(e.getKey());
                ObjectNode p = forType(e.getValue().getGenericType(), d);
                Doc cd = e.getValue().getAnnotation(Doc.class);
                if (cd != null) {
                    p.put("description", cd.value());
                }
                if (e.getValue().isAnnotationPresent(Nullable.class)) {
                    ObjectNode either = JSON.createObjectNode();
                    either.putArray("anyOf").add(p).add(JSON.createObjectNode().put("type", "null"));
                    p = either;
                }
                if (d != null && !d.isNull() && !d.isObject()) {
                    p.set("default", d);
                }
                props.set(e.getKey(), p);
            }
            n.put("additionalProperties", false);
        } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            type(n, "integer", c);
        } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            type(n, "number", c);
        } else if (c == boolean.class || c == Boolean.class) {
            type(n, "boolean", c);
        } else if (c == String.class || c == java.nio.file.Path.class) {
            type(n, "string", c);
        } else if (c.isEnum()) {
            n.put("type", "string");
            ArrayNode values = n.putArray("enum");
            for (Object v : c.getEnumConstants()) {
                values.add(ConfigKeys.snake(((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT)));
            }
        } else if (Collection.class.isAssignableFrom(c)) {
            n.put("type", "array");
            n.set("items", forType(ConfigKeys.arg(t, 0), null));
        } else if (Map.class.isAssignableFrom(c)) {
            n.put("type", "object");
            n.set("additionalProperties", forType(ConfigKeys.arg(t, 1), null));
        }
        // Object and anything else: no constraint ({}), e.g. search-space values.
        return n;
    }

    /** Primitives are required; boxed numbers and strings may be null (meaning "use the default behaviour"). */
    private static void type(ObjectNode n, String jsonType, Class<?> c) {
        if (c.isPrimitive()) {
            n.put("type", jsonType);
        } else {
            n.putArray("type").add(jsonType).add("null");
        }
    }
}
