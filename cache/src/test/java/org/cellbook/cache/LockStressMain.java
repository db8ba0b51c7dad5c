package org.cellbook.cache;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child process for {@link CrossProcessTest}: takes and releases one key lock many times (each
 * release deletes the lock file) and checks that nobody else is inside while it holds it.
 * Args: lock file, owner file, iterations.
 */
public final class LockStressMain {
    @SuppressWarnings("try")
    public static void main(String[] args) throws Exception {
        Path lock = Path.of(args[0]);
        Path owner = Path.of(args[1]);
        int iterations = Integer.parseInt(args[2]);
        for (int i = 0; i < iterations; i++) {
            try (KeyLocks.Lock held = KeyLocks.acquire(lock)) {
                try {
                    Files.createFile(owner);
                } catch (FileAlreadyExistsException e) {
                    System.out.println("VIOLATION at iteration " + i);
                    System.exit(3);
                }
                Thread.onSpinWait();
                Files.delete(owner);
            }
        }
        System.out.println("done");
    }
}
