package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContentDigestTest {
    /** The documented recipe, computed here by hand: u32 tag length (big-endian), tag, the codec's bytes. */
    private static String expected(String tag, double[] values) throws Exception {
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(4 + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(values.length);
        for (double v : values) {
            body.putDouble(v);
        }
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(ByteBuffer.allocate(4).putInt(t.length).array());
        d.update(t);
        d.update(body.array());
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void digestIsTheTagAndTheEncodedBytesAcrossManyBlocks() throws Exception {
        double[] values = new SplittableRandom(1).doubles(100_000).toArray(); // 800 kB: many 64 kB blocks
        assertEquals(expected("double[]", values), ContentDigest.sha256(Codecs.DOUBLE_ARRAY, values));
        assertEquals(expected("double[]", new double[0]), ContentDigest.sha256(Codecs.DOUBLE_ARRAY, new double[0]));
    }

    @Test
    void oneChangedBitOrAnotherCodecGivesAnotherDigest() {
        float[] a = new float[5_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.25f;
        }
        float[] b = a.clone();
        assertEquals(ContentDigest.sha256(Codecs.FLOAT_ARRAY, a), ContentDigest.sha256(Codecs.FLOAT_ARRAY, b));
        b[4_321] = Float.intBitsToFloat(Float.floatToIntBits(b[4_321]) ^ 1);
        assertNotEquals(ContentDigest.sha256(Codecs.FLOAT_ARRAY, a), ContentDigest.sha256(Codecs.FLOAT_ARRAY, b));
        int[] bits = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            bits[i] = Float.floatToRawIntBits(a[i]);
        }
        // Same bytes, different type: the tag keeps them apart.
        assertNotEquals(ContentDigest.sha256(Codecs.FLOAT_ARRAY, a), ContentDigest.sha256(Codecs.INT_ARRAY, bits));
    }
}
