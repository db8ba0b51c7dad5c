package org.cellbook.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The data file of an entry. Layout (integers little-endian):
 * <pre>
 *   "CBCACHE1"                      8-byte magic (format version 1)
 *   i32 block size                  largest uncompressed block
 *   u16 tag length, tag (UTF-8)     the codec tag
 *   blocks: i32 raw length (&gt; 0), i32 compressed length, LZ4 block
 *   i32 0                           end of blocks
 *   trailer: i64 value bytes, i64 xxHash64 of every byte before the trailer, "CBCEND01"
 * </pre>
 * Readers check the end magic (truncation) and the checksum over the whole file before any
 * byte is decompressed or decoded, so codecs only ever see intact data.
 */
final class DataFile {
    static final int BLOCK_SIZE = 1 << 20;
    private static final int MAX_BLOCK_SIZE = 64 << 20;
    private static final byte[] MAGIC = "CBCACHE1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "CBCEND01".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = 24;
    private static final long SEED = 0x63656c6c626f6f6bL; // "cellbook"
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHashFactory XXH = XXHashFactory.fastestInstance();

    private DataFile() {
    }

    /** What a write produced. */
    record Written(long valueBytes, long fileBytes, long checksum) {
    }

    /** An intact data file's header and trailer. */
    record Verified(String codecTag, long valueBytes, long fileBytes, long checksum, int blockSize, long blocksStart) {
    }

    static String checksumText(long checksum) {
        return "xxh64:" + HexFormat.of().toHexDigits(checksum);
    }

    /** Encodes {@code value} into a new file (which must not exist) and fsyncs it. */
    static <T> Written write(Path file, Codec<T> codec, T value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            EarlyWriteback writeback = new EarlyWriteback(ch);
            try {
                return write(ch, writeback, codec, value);
            } finally {
                writeback.await();
            }
        }
    }

    private static <T> Written write(FileChannel ch, EarlyWriteback writeback, Codec<T> codec, T value) throws IOException {
        HashingOutput out = new HashingOutput(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16));
        out.write(MAGIC);
        out.writeInt(BLOCK_SIZE);
        byte[] tag = codec.tag().getBytes(StandardCharsets.UTF_8);
        if (tag.length > 0xFFFF) {
            throw new IllegalArgumentException("codec tag is too long");
        }
        out.writeShort(tag.length);
        out.write(tag);
        BlockCompressor blocks = new BlockCompressor(LZ4.fastCompressor(), BLOCK_SIZE, (length, compressed, n) -> {
            out.writeInt(length);
            out.writeInt(n);
            out.write(compressed, 0, n);
            writeback.written(out.count);
        });
        ValueOutput values = new ValueOutput(BLOCK_SIZE, blocks);
        try {
            codec.write(value, values);
            values.finish();
            blocks.finish();
        } finally {
            blocks.abandon();
        }
        out.writeInt(0);
        long checksum = out.hash.getValue();
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putLong(values.bytesWritten()).putLong(checksum).put(END);
        out.out.write(trailer.array()); // the trailer is not part of the checksum
        out.out.flush();
        writeback.await();
        ch.force(true);
        return new Written(values.bytesWritten(), out.count + TRAILER, checksum);
    }

    /** Checks size, end marker, checksum and header of the file; reads no value. */
    static Verified verify(Path file) throws IOException {
        try (FileChannel ch = openForRead(file)) {
            return verify(ch);
        }
    }

    /**
     * Verifies the file against its metadata, then decodes it.
     *
     * @throws CorruptEntryException when anything does not match or the codec cannot read it
     */
    static <T> T read(Path file, EntryMetadata meta, Codec<T> codec) throws IOException {
        try (FileChannel ch = openForRead(file)) {
            Verified v = verify(ch);
            checkAgainst(v, meta);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(v.blocksStart())), 1 << 16);
            DataInputStream data = new DataInputStream(in);
            LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();
            byte[] compressed = new byte[LZ4.fastCompressor().maxCompressedLength(v.blockSize())];
            ValueInput values = new ValueInput(v.blockSize(), into -> {
                int raw = Integer.reverseBytes(data.readInt());
                if (raw == 0) {
                    return 0;
                }
                int n = Integer.reverseBytes(data.readInt());
                if (raw < 0 || raw > into.length || n < 0 || n > compressed.length) {
                    throw new CorruptEntryException("bad block header (" + raw + " bytes, " + n + " compressed)");
                }
                data.readFully(compressed, 0, n);
                int got;
                try {
                    got = decompressor.decompress(compressed, 0, n, into, 0, raw);
                } catch (LZ4Exception e) {
                    throw new CorruptEntryException("LZ4 block does not decompress: " + e.getMessage(), e);
                }
                if (got != raw) {
                    throw new CorruptEntryException("LZ4 block gave " + got + " bytes, expected " + raw);
                }
                return raw;
            });
            T value;
            try {
                value = codec.read(values);
                values.expectEnd();
            } catch (CorruptEntryException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new CorruptEntryException("codec '" + codec.tag() + "' cannot read the entry: " + e.getMessage(), e);
            }
            if (values.bytesRead() != v.valueBytes()) {
                throw new CorruptEntryException("value has " + values.bytesRead() + " bytes, the trailer says "
                        + v.valueBytes());
            }
            return value;
        }
    }

    /** The data file must be the one the metadata was committed for. */
    static void checkAgainst(Verified v, EntryMetadata meta) throws CorruptEntryException {
        if (v.fileBytes() != meta.dataBytes()) {
            throw new CorruptEntryException("data file has " + v.fileBytes() + " bytes, metadata says " + meta.dataBytes());
        }
        if (!checksumText(v.checksum()).equals(meta.checksum())) {
            throw new CorruptEntryException("data file checksum " + checksumText(v.checksum())
                    + " differs from the metadata's " + meta.checksum());
        }
        if (!v.codecTag().equals(meta.codec())) {
            throw new CorruptEntryException("data file codec '" + v.codecTag() + "' differs from the metadata's '"
                    + meta.codec() + "'");
        }
    }

    private static FileChannel openForRead(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CorruptEntryException("data file " + file.getFileName() + " is missing", e);
        }
    }

    private static Verified verify(FileChannel ch) throws IOException {
        long size = ch.size();
        int minimum = MAGIC.length + 4 + 2 + 4 + TRAILER;
        if (size < minimum) {
            throw new CorruptEntryException("data file is truncated (" + size + " bytes)");
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, trailer, size - TRAILER);
        long valueBytes = trailer.getLong(0);
        long stored = trailer.getLong(8);
        if (!Arrays.equals(Arrays.copyOfRange(trailer.array(), 16, 24), END)) {
            throw new CorruptEntryException("data file is truncated or damaged: no end marker (" + size + " bytes)");
        }
        StreamingXXHash64 hash = XXH.newStreamingHash64(SEED);
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        long end = size - TRAILER;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CorruptEntryException("data file shrank while being read");
            }
            hash.update(buf.array(), 0, n);
            pos += n;
        }
        if (hash.getValue() != stored) {
            throw new CorruptEntryException("checksum mismatch: stored " + checksumText(stored) + ", computed "
                    + checksumText(hash.getValue()));
        }
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(end, MAGIC.length + 4 + 2 + 0xFFFF))
                .order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, head, 0);
        if (!Arrays.equals(Arrays.copyOf(head.array(), MAGIC.length), MAGIC)) {
            throw new CorruptEntryException("not a Cellbook cache data file of format 1");
        }
        int blockSize = head.getInt(MAGIC.length);
        int tagLength = Short.toUnsignedInt(head.getShort(MAGIC.length + 4));
        int tagStart = MAGIC.length + 6;
        if (blockSize <= 0 || blockSize > MAX_BLOCK_SIZE || tagStart + tagLength > end) {
            throw new CorruptEntryException("bad header (block size " + blockSize + ", tag length " + tagLength + ")");
        }
        String tag = new String(head.array(), tagStart, tagLength, StandardCharsets.UTF_8);
        return new Verified(tag, valueBytes, size, stored, blockSize, tagStart + tagLength);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of data file");
            }
            pos += n;
        }
    }

    /** Counts and hashes what goes through it, writing little-endian integers. */
    private static final class HashingOutput {
        final OutputStream out;
        final StreamingXXHash64 hash = XXH.newStreamingHash64(SEED);
        final byte[] small = new byte[4];
        long count;

        HashingOutput(OutputStream out) {
            this.out = out;
        }

        void write(byte[] b) throws IOException {
            write(b, 0, b.length);
        }

        void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            hash.update(b, off, len);
            count += len;
        }

        void writeInt(int v) throws IOException {
            ByteBuffer.wrap(small).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v);
            write(small, 0, 4);
        }

        void writeShort(int v) throws IOException {
            ByteBuffer.wrap(small).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) v);
            write(small, 0, 2);
        }
    }
}
