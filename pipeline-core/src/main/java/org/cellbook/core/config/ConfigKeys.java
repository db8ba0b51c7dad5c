package org.cellbook.core.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/** Snake-case key names of config records, the one naming rule shared by YAML, env, CLI and schema. */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /** {@code minGenes} becomes {@code min_genes}. */
    public static String snake(String camel) {
        StringBuilder s = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    s.append('_');
                }
                s.append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** The record's components by snake-case key, in declaration order. */
    public static Map<String, RecordComponent> components(Class<?> recordType) {
        Map<String, RecordComponent> m = new LinkedHashMap<>();
        for (RecordComponent rc : recordType.getRecordComponents()) {
            m.put(snake(rc.getName()), rc);
        }
        return m;
    }

    /** The raw class of a (possibly parameterised) type. */
    public static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** Type argument {@code i} of a parameterised type, or Object. */
    public static Type arg(Type t, int i) {
        return t instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }
}
