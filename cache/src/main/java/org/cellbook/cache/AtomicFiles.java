package org.cellbook.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: write a temporary file in the target's directory, fsync it,
 * rename it over the target, fsync the directory. Readers see the old file or the new one,
 * never a part. Temporary files are named {@code .<target name>.<random>.tmp}.
 */
final class AtomicFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** A fresh temporary path next to {@code target}. */
    static Path tempFor(Path target) {
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return target.resolveSibling("." + target.getFileName() + "." + random + TEMP_SUFFIX);
    }

    /** True for names made by {@link #tempFor}. */
    static boolean isTemp(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(TEMP_SUFFIX);
    }

    /** For {@code .abc.json.123.tmp}: "abc", the stem of the target's name. */
    static String tempStem(Path file) {
        String n = file.getFileName().toString().substring(1);
        int dot = n.indexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    /** Writes {@code bytes} to {@code target} atomically and durably. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = tempFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            rename(tmp, target);
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames a finished, fsynced file over {@code target}; durable once the directory is synced. */
    static void rename(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename atomically; put the"
                    + " cache on a local disk", e);
        }
    }

    /** Makes a rename durable. Some platforms cannot open directories; there the rename must do. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported here (e.g. Windows); nothing more can be done portably
        }
    }
}
