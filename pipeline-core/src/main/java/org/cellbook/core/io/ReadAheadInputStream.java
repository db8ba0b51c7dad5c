package org.cellbook.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a slow source (gzip decompression) on its own thread, a few chunks ahead of the consumer,
 * so decompressing and parsing overlap. The source's exceptions reach the consumer unchanged and
 * in order: first every byte read before the failure, then the exception itself.
 */
final class ReadAheadInputStream extends InputStream {
    private static final int AHEAD = 4;

    private record Chunk(byte[] bytes, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    /** Chunks, then END or the source's IOException. */
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    /**
     * Chunk arrays the consumer has finished with, for the pump to fill again: a chunk of 1 MB is a
     * humongous object to G1, and a fresh one per chunk (a thousand for a large matrix) kept
     * triggering collections.
     */
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
    private final Thread pump;
    private Chunk current = new Chunk(new byte[0], 0);
    private int pos;
    private boolean ended;
    private volatile boolean closed;

    ReadAheadInputStream(InputStream source, int chunkSize, String name) {
        this.pump = Thread.ofPlatform().daemon().name("read-ahead " + name).start(() -> pump(source, chunkSize));
    }

    private void pump(InputStream source, int chunkSize) {
        try (source) {
            while (!closed) {
                byte[] b = free.poll();
                if (b == null) {
                    b = new byte[chunkSize];
                }
                int n = 0;
                try {
                    while (n < chunkSize) {
                        int r = source.read(b, n, chunkSize - n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                } catch (IOException e) {
                    if (n > 0) {
                        queue.put(new Chunk(b, n));
                    }
                    queue.put(e);
                    return;
                }
                if (n > 0) {
                    queue.put(new Chunk(b, n));
                }
                if (n < chunkSize) {
                    queue.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() stops the pump; nobody reads what is left.
        } catch (IOException e) {
            // Closing the source failed after everything was read: nothing to report.
        }
    }

    /** Makes a chunk with unread bytes current; false at the end. */
    private boolean advance() throws IOException {
        while (pos == current.length()) {
            if (ended) {
                return false;
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            if (next instanceof IOException e) {
                ended = true;
                throw e;
            }
            if (current.length() > 0) {
                free.offer(current.bytes()); // fully copied out by now
            }
            current = (Chunk) next;
            pos = 0;
            if (current == END) {
                ended = true;
            }
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return advance() ? current.bytes()[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        pump.interrupt();
        queue.clear();
    }
}
