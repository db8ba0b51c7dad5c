package org.cellbook.cache;

import java.io.IOException;
import java.util.Objects;

/**
 * Writes and reads one type of value in an explicit, versioned binary form (the cache never
 * uses Java serialization).
 *
 * <p>The {@link #tag()} names the wire format and is stored with every entry; an entry is only
 * ever read by a codec with the same tag. Change the tag (e.g. "core.csr/1" to "core.csr/2")
 * whenever {@code write} changes, so that old entries are recomputed instead of misread.
 *
 * <p>Codecs must be stateless and thread-safe. To nest values of other types, use
 * {@link Codecs#writeValue} and {@link Codecs#readValue} of a registry.
 *
 * @param <T> the value type
 */
public interface Codec<T> {
    /** Stable name of the wire format, such as "double[]" or "core.csr/1". */
    String tag();

    /** The class of values this codec writes; used to find a codec for a value by its class. */
    Class<?> type();

    void write(T value, ValueOutput out) throws IOException;

    T read(ValueInput in) throws IOException;

    /** The writing half of a codec. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, ValueOutput out) throws IOException;
    }

    /** The reading half of a codec. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ValueInput in) throws IOException;
    }

    /** A codec from two lambdas, for example {@code Codec.of("core.dense/1", DenseMatrix.class, w, r)}. */
    static <T> Codec<T> of(String tag, Class<T> type, Writer<? super T> writer, Reader<? extends T> reader) {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(reader, "reader");
        return new Codec<>() {
            @Override
            public String tag() {
                return tag;
            }

            @Override
            public Class<?> type() {
                return type;
            }

            @Override
            public void write(T value, ValueOutput out) throws IOException {
                writer.write(value, out);
            }

            @Override
            public T read(ValueInput in) throws IOException {
                return reader.read(in);
            }

            @Override
            public String toString() {
                return "Codec[" + tag + "]";
            }
        };
    }
}
