package org.cellbook.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jpountz.lz4.LZ4Compressor;

/**
 * Compresses a data file's blocks on a few threads and hands them on in their order. LZ4 blocks
 * are independent and the compressor is deterministic, so the file holds exactly the bytes that
 * compressing block after block on the writing thread gives; only the time changes (compressing
 * is most of the cost of storing a large matrix). Not thread-safe: one per file being written.
 */
final class BlockCompressor implements ValueOutput.BlockSink {
    /** Where compressed blocks go, in order. */
    @FunctionalInterface
    interface Sink {
        void block(int rawLength, byte[] compressed, int compressedLength) throws IOException;
    }

    /** Four threads outrun any disk (LZ4 compresses several hundred MB/s per thread). */
    private static final int THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    /** Shared by all writers; null on one core, where blocks are compressed inline. */
    private static final ExecutorService POOL = THREADS < 2 ? null : Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "cellbook-cache-lz4");
        t.setDaemon(true);
        // Made on first use, maybe inside a notebook cell: without this the thread would keep that
        // cell's class loader (JShell's, with every variable of the run) for the life of the JVM.
        t.setContextClassLoader(BlockCompressor.class.getClassLoader());
        return t;
    });
    /** Blocks compressing at once per writer: keeps the threads busy, bounds the memory (2 MB a block). */
    static final int IN_FLIGHT = THREADS + 2;

    private record Pending(byte[] raw, int length, byte[] compressed, Future<Integer> size) {
    }

    private final LZ4Compressor compressor;
    private final int blockSize;
    private final int maxCompressed;
    private final Sink sink;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeRaw = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeCompressed = new ArrayDeque<>();

    BlockCompressor(LZ4Compressor compressor, int blockSize, Sink sink) {
        this.compressor = compressor;
        this.blockSize = blockSize;
        this.maxCompressed = compressor.maxCompressedLength(blockSize);
        this.sink = sink;
    }

    @Override
    public byte[] block(byte[] raw, int length) throws IOException {
        byte[] dst = freeCompressed.isEmpty() ? new byte[maxCompressed] : freeCompressed.poll();
        if (POOL == null) {
            sink.block(length, dst, compressor.compress(raw, 0, length, dst, 0, dst.length));
            freeCompressed.add(dst);
            return raw;
        }
        pending.add(new Pending(raw, length, dst, POOL.submit(() -> compressor.compress(raw, 0, length, dst, 0, dst.length))));
        while (pending.size() >= IN_FLIGHT) {
            writeOldest();
        }
        return freeRaw.isEmpty() ? new byte[blockSize] : freeRaw.poll();
    }

    /** Writes every block still compressing; call after the value's last block. */
    void finish() throws IOException {
        while (!pending.isEmpty()) {
            writeOldest();
        }
    }

    /** Drops blocks still compressing (the file is being abandoned). */
    void abandon() {
        pending.forEach(p -> p.size().cancel(false));
        pending.clear();
    }

    private void writeOldest() throws IOException {
        Pending p = pending.poll();
        int n;
        try {
            n = p.size().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("interrupted while compressing a cache entry");
        } catch (ExecutionException e) {
            abandon();
            throw new IOException("LZ4 compression failed: " + e.getCause(), e.getCause());
        }
        sink.block(p.length(), p.compressed(), n);
        freeRaw.add(p.raw());
        freeCompressed.add(p.compressed());
    }
}
