package org.cellbook.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on lock files that hold across threads and processes.
 *
 * <p>A {@link FileLock} belongs to the whole JVM (a second lock from the same JVM throws, and
 * closing any channel on the file drops it), so every lock file also has one in-JVM
 * {@link ReentrantLock}, shared by all stores in the JVM through a static map keyed by the
 * absolute path. A thread first takes the in-JVM lock, then the file lock.
 *
 * <p>Lock files are deleted when released. To make that safe, the holder first writes one
 * byte (a tombstone) into the file: a process that was waiting on the old, now unlinked file
 * sees a non-empty file once it gets the lock, lets go and opens the path again.
 *
 * <p>A holder killed between writing the tombstone and unlinking leaves a tombstoned file at
 * the path. Whoever next locks such a file checks whether the path still names it (it writes
 * a random nonce into the file it holds and reads it back through the path) and, if so,
 * unlinks it. That is race-free: a releaser unlinks before it unlocks, so while we hold the
 * lock of a tombstoned file nobody else can unlink or re-create that path's binding to it.
 */
final class KeyLocks {
    private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();
    private static final byte[] TOMBSTONE = {'x'};

    private KeyLocks() {
    }

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        int users; // changed only inside HOLDERS.compute
    }

    /** Blocks until this thread holds the lock. */
    static Lock acquire(Path lockFile) throws IOException {
        Path path = lockFile.toAbsolutePath().normalize();
        Holder holder = enter(path);
        if (holder.lock.isHeldByCurrentThread()) {
            leave(path);
            throw new IllegalStateException("recursive cache computation: this thread already holds the lock "
                    + path.getFileName() + "; a value's computation must not ask the cache for its own key");
        }
        holder.lock.lock();
        try {
            while (true) {
                FileChannel ch = open(path);
                try {
                    FileLock fileLock = ch.lock();
                    if (ch.size() == 0) {
                        return new Lock(path, holder, ch, fileLock);
                    }
                    removeIfStillAtPath(path, ch); // tombstoned: usually already unlinked by its releaser
                    fileLock.release();
                    ch.close();
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            holder.lock.unlock();
            leave(path);
            throw e;
        }
    }

    /** The lock if no other thread or process holds it right now. */
    static Optional<Lock> tryAcquire(Path lockFile) throws IOException {
        Path path = lockFile.toAbsolutePath().normalize();
        Holder holder = enter(path);
        if (holder.lock.isHeldByCurrentThread() || !holder.lock.tryLock()) {
            leave(path);
            return Optional.empty();
        }
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                FileChannel ch = open(path);
                FileLock fileLock;
                try {
                    fileLock = ch.tryLock();
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                if (fileLock == null) {
                    ch.close();
                    break;
                }
                if (ch.size() == 0) {
                    return Optional.of(new Lock(path, holder, ch, fileLock));
                }
                removeIfStillAtPath(path, ch);
                fileLock.release();
                ch.close();
            }
        } catch (IOException | RuntimeException e) {
            holder.lock.unlock();
            leave(path);
            throw e;
        }
        holder.lock.unlock();
        leave(path);
        return Optional.empty();
    }

    /**
     * Unlinks {@code path} if it still names the tombstoned file locked through {@code held}
     * (its releaser died before unlinking it). The second channel stays open until the unlink
     * is done because closing any channel of a file drops this process's lock on it.
     */
    private static void removeIfStillAtPath(Path path, FileChannel held) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        held.write(ByteBuffer.wrap(nonce), TOMBSTONE.length);
        FileChannel atPath;
        try {
            atPath = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        }
        try (atPath) {
            ByteBuffer seen = ByteBuffer.allocate(nonce.length);
            while (seen.hasRemaining() && atPath.read(seen, TOMBSTONE.length + seen.position()) > 0) {
                // keep reading
            }
            if (Arrays.equals(seen.array(), nonce)) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static FileChannel open(Path path) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(path.getParent()); // someone removed the locks directory
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    private static Holder enter(Path path) {
        return HOLDERS.compute(path, (p, h) -> {
            Holder holder = h == null ? new Holder() : h;
            holder.users++;
            return holder;
        });
    }

    private static void leave(Path path) {
        HOLDERS.computeIfPresent(path, (p, h) -> --h.users == 0 ? null : h);
    }

    /** A held lock; {@link #close()} deletes the lock file and releases it. */
    static final class Lock implements AutoCloseable {
        private final Path path;
        private final Holder holder;
        private final FileChannel channel;
        private final FileLock fileLock;
        private boolean closed;

        private Lock(Path path, Holder holder, FileChannel channel, FileLock fileLock) {
            this.path = path;
            this.holder = holder;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.write(ByteBuffer.wrap(TOMBSTONE), 0);
                try {
                    Files.delete(path);
                } catch (NoSuchFileException e) {
                    // already gone: the tombstone stays for anyone waiting on this file
                } catch (IOException e) {
                    channel.truncate(0); // could not delete: leave a usable, empty lock file
                }
            } catch (IOException e) {
                // the lock file stays behind; it is empty unless truncate failed too
            } finally {
                try {
                    fileLock.release();
                    channel.close();
                } catch (IOException ignored) {
                    // closing the channel releases the lock in any case
                }
                holder.lock.unlock();
                leave(path);
            }
        }
    }
}
