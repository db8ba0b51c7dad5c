package org.cellbook.cache;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Codec} reads a value back: the exact mirror of {@link ValueOutput}.
 * Lengths read back are checked for sign; the store verifies the entry's checksum before
 * any codec reads it, so a codec sees exactly the bytes its {@code write} produced.
 *
 * <p>Not thread-safe.
 */
public final class ValueInput {
    /** Fills {@code into} with the next block and returns its length, or 0 at the end. */
    interface BlockSource {
        int next(byte[] into) throws IOException;
    }

    private final byte[] block;
    private final ByteBuffer buf;
    private final BlockSource source;
    private boolean ended;
    private long total;

    ValueInput(int blockSize, BlockSource source) {
        this.block = new byte[blockSize];
        this.buf = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        this.buf.limit(0);
        this.source = source;
    }

    /** Bytes consumed so far. */
    public long bytesRead() {
        return total - buf.remaining();
    }

    public boolean readBoolean() throws IOException {
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw new IOException("expected a boolean (0 or 1), found " + b);
        }
        return b == 1;
    }

    public byte readByte() throws IOException {
        need(1);
        return buf.get();
    }

    public short readShort() throws IOException {
        need(2);
        return buf.getShort();
    }

    public char readChar() throws IOException {
        need(2);
        return buf.getChar();
    }

    public int readInt() throws IOException {
        need(4);
        return buf.getInt();
    }

    public long readLong() throws IOException {
        need(8);
        return buf.getLong();
    }

    public float readFloat() throws IOException {
        need(4);
        return buf.getFloat();
    }

    public double readDouble() throws IOException {
        need(8);
        return buf.getDouble();
    }

    /** A string written by {@link ValueOutput#writeString}; may be null. */
    public String readString() throws IOException {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        byte[] utf8 = new byte[checkLength(n)];
        readBytes(utf8, 0, n);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    public void readBytes(byte[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(1);
            int n = Math.min(len, buf.remaining());
            buf.get(a, off, n);
            off += n;
            len -= n;
        }
    }

    public void readInts(int[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(4);
            int n = Math.min(len, buf.remaining() / 4);
            buf.asIntBuffer().get(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
            len -= n;
        }
    }

    public void readLongs(long[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(8);
            int n = Math.min(len, buf.remaining() / 8);
            buf.asLongBuffer().get(a, off, n);
            buf.position(buf.position() + 8 * n);
            off += n;
            len -= n;
        }
    }

    public void readFloats(float[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(4);
            int n = Math.min(len, buf.remaining() / 4);
            buf.asFloatBuffer().get(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
            len -= n;
        }
    }

    public void readDoubles(double[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(8);
            int n = Math.min(len, buf.remaining() / 8);
            buf.asDoubleBuffer().get(a, off, n);
            buf.position(buf.position() + 8 * n);
            off += n;
            len -= n;
        }
    }

    public void readShorts(short[] a, int off, int len) throws IOException {
        while (len > 0) {
            need(2);
            int n = Math.min(len, buf.remaining() / 2);
            buf.asShortBuffer().get(a, off, n);
            buf.position(buf.position() + 2 * n);
            off += n;
            len -= n;
        }
    }

    /** Varints written by {@link ValueOutput#writeVarInts}. */
    public void readVarInts(int[] a, int off, int len) throws IOException {
        int end = off + len;
        byte[] b = block;
        while (off < end) {
            need(1);
            int p = buf.position();
            int limit = buf.limit();
            while (off < end && p < limit) {
                int x = b[p];
                if (x >= 0) { // one byte: most values
                    a[off++] = x;
                    p++;
                    continue;
                }
                int v = x & 0x7F;
                int shift = 7;
                p++;
                do {
                    if (p == limit) {
                        throw new IOException("a varint straddles a block boundary: the codec reads something"
                                + " other than what it wrote");
                    }
                    x = b[p++];
                    if (shift == 28 && (x & 0xF0) != 0) {
                        throw new IOException("a varint is longer than 5 bytes or exceeds 32 bits");
                    }
                    v |= (x & 0x7F) << shift;
                    shift += 7;
                } while (x < 0);
                a[off++] = v;
            }
            buf.position(p);
        }
    }

    public int[] readIntArray() throws IOException {
        int[] a = new int[checkLength(readInt())];
        readInts(a, 0, a.length);
        return a;
    }

    public long[] readLongArray() throws IOException {
        long[] a = new long[checkLength(readInt())];
        readLongs(a, 0, a.length);
        return a;
    }

    public float[] readFloatArray() throws IOException {
        float[] a = new float[checkLength(readInt())];
        readFloats(a, 0, a.length);
        return a;
    }

    public double[] readDoubleArray() throws IOException {
        double[] a = new double[checkLength(readInt())];
        readDoubles(a, 0, a.length);
        return a;
    }

    public byte[] readByteArray() throws IOException {
        byte[] a = new byte[checkLength(readInt())];
        readBytes(a, 0, a.length);
        return a;
    }

    /** A length or count read from the stream; negative means the bytes are not what the codec wrote. */
    public static int checkLength(int n) throws IOException {
        if (n < 0) {
            throw new IOException("negative length " + n + " in the stored value");
        }
        return n;
    }

    /** Fails unless the codec has consumed every byte of the value. */
    void expectEnd() throws IOException {
        if (buf.hasRemaining() || (!ended && source.next(block) > 0)) {
            throw new IOException("the codec stopped before the end of the stored value (read " + bytesRead()
                    + " bytes)");
        }
    }

    private void need(int bytes) throws IOException {
        if (buf.remaining() >= bytes) {
            return;
        }
        if (buf.hasRemaining()) {
            throw new IOException("a " + bytes + "-byte value straddles a block boundary: the codec reads"
                    + " something other than what it wrote");
        }
        int n = ended ? 0 : source.next(block);
        if (n == 0) {
            ended = true;
            throw new EOFException("the codec reads past the end of the stored value (" + total + " bytes)");
        }
        buf.position(0).limit(n);
        total += n;
        if (n < bytes) {
            throw new IOException("a " + bytes + "-byte value straddles a block boundary");
        }
    }
}
