package org.cellbook.cache;

import java.util.List;

/** Found through META-INF/services, as pipeline-core's matrix codecs will be. */
public final class TestCodecProvider implements CodecProvider {
    @Override
    public List<Codec<?>> codecs() {
        return List.of(CodecRoundTripTest.SPARSE);
    }
}
