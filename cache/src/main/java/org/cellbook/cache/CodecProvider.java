package org.cellbook.cache;

import java.util.List;

/**
 * Contributes codecs to {@link Codecs#defaults()}. Modules that own value types (pipeline-core's
 * matrices, for example) implement this and list the class in
 * {@code META-INF/services/org.cellbook.cache.CodecProvider}; {@link java.util.ServiceLoader}
 * finds them the first time the default registry is used.
 */
public interface CodecProvider {
    List<Codec<?>> codecs();

    /** Codecs of older layouts, only read (see {@link Codecs#registerReader}); none by default. */
    default List<Codec<?>> readers() {
        return List.of();
    }
}
