package org.cellbook.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts moving a data file being written to the disk while the rest is still being encoded.
 * Linux keeps a fresh file's pages in memory until something asks for them, so the fsync that
 * commits an entry would otherwise write a few hundred MB in one go, after the encoding, at the
 * disk's speed; syncing every {@link #EVERY} bytes on another thread overlaps the two. The file's
 * bytes and the final fsync (what makes the entry durable) are unchanged; a failed early sync is
 * ignored, as the final one reports any problem.
 */
final class EarlyWriteback {
    /** Bytes written between early syncs. */
    static final long EVERY = 32L << 20;
    private static final ExecutorService SYNCER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cellbook-cache-writeback");
        t.setDaemon(true);
        // Made on first use, maybe inside a notebook cell: without this the thread would keep that
        // cell's class loader (JShell's, with every variable of the run) for the life of the JVM.
        t.setContextClassLoader(EarlyWriteback.class.getClassLoader());
        return t;
    });

    private final FileChannel channel;
    private long syncedAt;
    private Future<?> running;

    EarlyWriteback(FileChannel channel) {
        this.channel = channel;
    }

    /** Called with the bytes handed to the channel so far; starts a sync when enough are new and none runs. */
    void written(long bytes) {
        if (bytes - syncedAt >= EVERY && (running == null || running.isDone())) {
            syncedAt = bytes;
            running = SYNCER.submit(() -> {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    // the final fsync reports it
                }
            });
        }
    }

    /** Waits for a running sync (before the final fsync and before the channel closes). */
    void await() {
        if (running == null) {
            return;
        }
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // only IOExceptions can happen there, and they are swallowed
        }
    }
}
