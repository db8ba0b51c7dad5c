package org.cellbook.cache;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * A Java record, through its components and canonical constructor (no serialization): the
 * component count, then per component its name and its value with the value's codec tag.
 * Reading checks the names against the current class, so a record whose components changed
 * is reported as a mismatch instead of being filled wrongly.
 */
final class RecordCodec<R extends Record> implements Codec<R> {
    private final Codecs codecs;
    private final Class<R> type;
    private final RecordComponent[] components;
    private final Method[] accessors;
    private final Constructor<R> constructor;

    /** Use {@link Codecs#forRecord}, which first checks that every component is codable. */
    RecordCodec(Codecs codecs, Class<R> type) {
        this.codecs = codecs;
        this.type = type;
        this.components = type.getRecordComponents();
        this.accessors = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException("the cache cannot use record " + type.getName() + ": its components or"
                    + " canonical constructor are not accessible (" + e + "); open its package to org.cellbook.cache", e);
        }
    }

    @Override
    public String tag() {
        return "record:" + type.getName();
    }

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public void write(R value, ValueOutput out) throws IOException {
        out.writeInt(components.length);
        for (int i = 0; i < components.length; i++) {
            Object v;
            try {
                v = accessors[i].invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read component '" + components[i].getName() + "' of "
                        + type.getName(), e);
            }
            out.writeString(components[i].getName());
            try {
                codecs.writeValue(v, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("record " + type.getName() + " component '" + components[i].getName()
                        + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public R read(ValueInput in) throws IOException {
        int n = in.readInt();
        if (n != components.length) {
            throw new IOException("stored record " + type.getName() + " has " + n + " components, the class now has "
                    + components.length + " " + names());
        }
        Object[] args = new Object[n];
        for (int i = 0; i < n; i++) {
            String name = in.readString();
            RecordComponent c = components[i];
            if (!c.getName().equals(name)) {
                throw new IOException("stored record " + type.getName() + " has component '" + name + "' where the class"
                        + " now has '" + c.getName() + "' " + names());
            }
            Object v = codecs.readValue(in);
            Class<?> want = Codecs.boxed(c.getType());
            if (v == null ? c.getType().isPrimitive() : !want.isInstance(v)) {
                throw new IOException("stored record " + type.getName() + " component '" + name + "' holds "
                        + (v == null ? "null" : "a " + v.getClass().getName()) + ", the class wants " + c.getType().getName());
            }
            args[i] = v;
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IOException("the constructor of " + type.getName() + " rejected the stored components: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private String names() {
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        return names.toString();
    }
}
