package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ValueOutput#writeVarInts} and {@link ValueInput#readVarInts}: every value, every block boundary, bad bytes. */
class VarIntTest {
    /** Blocks as the store would see them (copied, since the writer reuses its array). */
    private static List<byte[]> write(int blockSize, IoWriter w) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        ValueOutput out = new ValueOutput(blockSize, (raw, len) -> {
            blocks.add(Arrays.copyOf(raw, len));
            return raw;
        });
        w.write(out);
        out.finish();
        return blocks;
    }

    private static ValueInput reader(int blockSize, List<byte[]> blocks) {
        Iterator<byte[]> it = blocks.iterator();
        return new ValueInput(blockSize, into -> {
            if (!it.hasNext()) {
                return 0;
            }
            byte[] b = it.next();
            System.arraycopy(b, 0, into, 0, b.length);
            return b.length;
        });
    }

    @FunctionalInterface
    private interface IoWriter {
        void write(ValueOutput out) throws IOException;
    }

    @Test
    void everyMagnitudeRoundTripsAcrossSmallBlocks() throws IOException {
        int[] edges = {0, 1, 127, 128, 255, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456,
            Integer.MAX_VALUE, -1, Integer.MIN_VALUE, -128};
        int[] random = new Random(4).ints(5000).map(v -> v >>> new Random(v).nextInt(32)).toArray();
        int[] all = new int[edges.length + random.length];
        System.arraycopy(edges, 0, all, 0, edges.length);
        System.arraycopy(random, 0, all, edges.length, random.length);
        for (int blockSize : new int[] {8, 13, 64, 1 << 20}) {
            List<byte[]> blocks = write(blockSize, out -> {
                out.writeByte(7); // an odd start so varints begin at every offset
                out.writeVarInts(all, 0, all.length);
                out.writeInt(42);
                out.writeVarInts(all, 3, 5);
            });
            ValueInput in = reader(blockSize, blocks);
            assertEquals(7, in.readByte());
            int[] back = new int[all.length];
            in.readVarInts(back, 0, back.length);
            assertArrayEquals(all, back, "block size " + blockSize);
            assertEquals(42, in.readInt());
            int[] part = new int[7];
            in.readVarInts(part, 1, 5);
            assertArrayEquals(new int[] {0, all[3], all[4], all[5], all[6], all[7], 0}, part);
            in.expectEnd();
        }
    }

    @Test
    void smallValuesTakeOneByteAndNegativesFive() throws IOException {
        int[] small = new int[1000];
        Arrays.fill(small, 100);
        assertEquals(1000, write(1 << 20, out -> out.writeVarInts(small, 0, small.length)).getFirst().length);
        assertEquals(5, write(64, out -> out.writeVarInts(new int[] {-1}, 0, 1)).getFirst().length);
        assertEquals(2, write(64, out -> out.writeVarInts(new int[] {128}, 0, 1)).getFirst().length);
    }

    @Test
    void aVarintLongerThanFiveBytesIsRejected() {
        List<byte[]> blocks = List.of(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1});
        IOException e = assertThrows(IOException.class, () -> reader(64, blocks).readVarInts(new int[1], 0, 1));
        assertTrue(e.getMessage().contains("longer than 5 bytes"), e.getMessage());
        List<byte[]> tooBig = List.of(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x1F});
        e = assertThrows(IOException.class, () -> reader(64, tooBig).readVarInts(new int[1], 0, 1));
        assertTrue(e.getMessage().contains("exceeds 32 bits"), e.getMessage());
    }

    @Test
    void aVarintCutByTheBlockEndIsRejected() {
        List<byte[]> blocks = List.of(new byte[] {5, (byte) 0x81}, new byte[] {1});
        IOException e = assertThrows(IOException.class, () -> reader(64, blocks).readVarInts(new int[2], 0, 2));
        assertTrue(e.getMessage().contains("straddles a block boundary"), e.getMessage());
    }

    @Test
    void readingPastTheEndIsAnEofError() {
        List<byte[]> blocks = List.of(new byte[] {5, 6});
        EOFException e = assertThrows(EOFException.class, () -> reader(64, blocks).readVarInts(new int[3], 0, 3));
        assertTrue(e.getMessage().contains("past the end"), e.getMessage());
    }
}
