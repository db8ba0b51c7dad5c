package org.cellbook.kernel.exec;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes a Java object from the kernel into a JShell snippet: both run in this JVM and see this
 * class through the same class loader, so a snippet can {@link #take} what the kernel {@link #put}.
 */
public final class Handoff {
    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();
    private static final Object NULL = new Object();

    private Handoff() { }

    static String put(Object value) {
        String key = UUID.randomUUID().toString();
        VALUES.put(key, value == null ? NULL : value);
        return key;
    }

    /** The object stored under the key, removed; null when absent. */
    public static Object take(String key) {
        Object v = VALUES.remove(key);
        return v == NULL ? null : v;
    }
}
