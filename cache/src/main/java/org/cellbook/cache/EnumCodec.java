package org.cellbook.cache;

import java.io.IOException;

/** An enum constant, stored by name (so reordering constants does not change stored values). */
final class EnumCodec<E extends Enum<E>> implements Codec<E> {
    private final Class<E> type;

    EnumCodec(Class<E> type) {
        this.type = type;
    }

    @Override
    public String tag() {
        return "enum:" + type.getName();
    }

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public void write(E value, ValueOutput out) throws IOException {
        out.writeString(value.name());
    }

    @Override
    public E read(ValueInput in) throws IOException {
        String name = in.readString();
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("stored constant '" + name + "' no longer exists in " + type.getName());
        }
    }
}
