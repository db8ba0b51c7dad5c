package org.cellbook.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A value's identity by content: the SHA-256 of its codec's tag and the bytes the codec writes
 * (before compression), computed without writing anything. A step keyed on the content of what it
 * reads, rather than on the keys of the steps that made it, is reused when an upstream change
 * leaves that content as it was (early cutoff, as in build systems): re-clustering at another
 * Leiden resolution keeps the kNN graph, so the layout computed from the graph is reused.
 */
public final class ContentDigest {
    private static final int BLOCK = 1 << 16;

    private ContentDigest() {
    }

    /** Hex SHA-256 of {@code value} as {@code codec} encodes it. */
    public static <T> String sha256(Codec<T> codec, T value) {
        MessageDigest digest = newDigest();
        byte[] tag = codec.tag().getBytes(StandardCharsets.UTF_8);
        digest.update(new byte[] {(byte) (tag.length >>> 24), (byte) (tag.length >>> 16), (byte) (tag.length >>> 8), (byte) tag.length});
        digest.update(tag);
        ValueOutput out = new ValueOutput(BLOCK, (raw, length) -> {
            digest.update(raw, 0, length);
            return raw; // done with it: fill the same array next
        });
        try {
            codec.write(value, out);
            out.finish();
        } catch (IOException e) { // nothing is written anywhere; a codec that throws is a bug
            throw new UncheckedIOException("cannot encode a " + codec.tag() + " value to digest it", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
