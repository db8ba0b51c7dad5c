package org.cellbook.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Codec} writes a value: little-endian primitives, length-prefixed UTF-8
 * strings and bulk primitive arrays. Bytes are collected in blocks that the store compresses
 * and checksums; a value may be any size (arrays are written in slices).
 *
 * <p>Mirror every write with the matching {@link ValueInput} read. Not thread-safe.
 */
public final class ValueOutput {
    /**
     * Receives each full block and returns the array to fill next: {@code raw} itself when the
     * sink is done with it, or another array of the same size (so a sink may keep {@code raw}
     * while it compresses it on another thread).
     */
    interface BlockSink {
        byte[] block(byte[] raw, int length) throws IOException;
    }

    private ByteBuffer buf;
    private final BlockSink sink;
    private long total;

    ValueOutput(int blockSize, BlockSink sink) {
        this.buf = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
        this.sink = sink;
    }

    /** Bytes written so far (before compression). */
    public long bytesWritten() {
        return total + buf.position();
    }

    public void writeBoolean(boolean v) throws IOException {
        writeByte(v ? 1 : 0);
    }

    public void writeByte(int v) throws IOException {
        room(1);
        buf.put((byte) v);
    }

    public void writeShort(short v) throws IOException {
        room(2);
        buf.putShort(v);
    }

    public void writeChar(char v) throws IOException {
        room(2);
        buf.putChar(v);
    }

    public void writeInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    public void writeLong(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    public void writeFloat(float v) throws IOException {
        room(4);
        buf.putFloat(v);
    }

    public void writeDouble(double v) throws IOException {
        room(8);
        buf.putDouble(v);
    }

    /** UTF-8 with an int length; null is written as length -1. */
    public void writeString(String s) throws IOException {
        if (s == null) {
            writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        writeBytes(utf8, 0, utf8.length);
    }

    /** Raw bytes, no length. */
    public void writeBytes(byte[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(1);
            int n = Math.min(len, buf.remaining());
            buf.put(a, off, n);
            off += n;
            len -= n;
        }
    }

    /** Values only, no length (as all the bulk writes). */
    public void writeInts(int[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(4);
            int n = Math.min(len, buf.remaining() / 4);
            buf.asIntBuffer().put(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
            len -= n;
        }
    }

    public void writeLongs(long[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(8);
            int n = Math.min(len, buf.remaining() / 8);
            buf.asLongBuffer().put(a, off, n);
            buf.position(buf.position() + 8 * n);
            off += n;
            len -= n;
        }
    }

    public void writeFloats(float[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(4);
            int n = Math.min(len, buf.remaining() / 4);
            buf.asFloatBuffer().put(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
            len -= n;
        }
    }

    public void writeDoubles(double[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(8);
            int n = Math.min(len, buf.remaining() / 8);
            buf.asDoubleBuffer().put(a, off, n);
            buf.position(buf.position() + 8 * n);
            off += n;
            len -= n;
        }
    }

    public void writeShorts(short[] a, int off, int len) throws IOException {
        while (len > 0) {
            room(2);
            int n = Math.min(len, buf.remaining() / 2);
            buf.asShortBuffer().put(a, off, n);
            buf.position(buf.position() + 2 * n);
            off += n;
            len -= n;
        }
    }

    /**
     * Each value as an unsigned LEB128 varint: 7 bits a byte, low bits first, 1 byte below 128 and
     * at most 5 (negative ints, read as unsigned, take 5). No length, as the other bulk writes. Small
     * integers (sparse column-index deltas, counts) shrink to a quarter of {@link #writeInts} and cost
     * the compressor almost nothing. Encoded straight into the block; a varint never straddles two.
     */
    public void writeVarInts(int[] a, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            room(5);
            byte[] b = buf.array();
            int p = buf.position();
            int last = buf.limit() - 5; // from here on a value may not fit
            while (off < end && p <= last) {
                int v = a[off++];
                while ((v & ~0x7F) != 0) {
                    b[p++] = (byte) (v | 0x80);
                    v >>>= 7;
                }
                b[p++] = (byte) v;
            }
            buf.position(p);
        }
    }

    /** An int length, then the values: the pair {@link ValueInput#readIntArray} reads. */
    public void writeIntArray(int[] a) throws IOException {
        writeInt(a.length);
        writeInts(a, 0, a.length);
    }

    public void writeLongArray(long[] a) throws IOException {
        writeInt(a.length);
        writeLongs(a, 0, a.length);
    }

    public void writeFloatArray(float[] a) throws IOException {
        writeInt(a.length);
        writeFloats(a, 0, a.length);
    }

    public void writeDoubleArray(double[] a) throws IOException {
        writeInt(a.length);
        writeDoubles(a, 0, a.length);
    }

    public void writeByteArray(byte[] a) throws IOException {
        writeInt(a.length);
        writeBytes(a, 0, a.length);
    }

    /** Hands the last, partial block to the sink. */
    void finish() throws IOException {
        flush();
    }

    // A primitive never straddles two blocks: when it does not fit, the block ends early.
    // ValueInput relies on this (it never sees a block ending inside a primitive).
    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (buf.position() > 0) {
            total += buf.position();
            byte[] next = sink.block(buf.array(), buf.position());
            if (next == buf.array()) {
                buf.clear();
            } else {
                if (next.length != buf.capacity()) {
                    throw new IllegalStateException("block sink returned " + next.length + " bytes, expected " + buf.capacity());
                }
                buf = ByteBuffer.wrap(next).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }
}
