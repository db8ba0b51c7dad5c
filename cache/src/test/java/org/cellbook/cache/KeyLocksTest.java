package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLocksTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try")
    void aTombstoneLeftByAKilledReleaserDoesNotBlockForever() throws Exception {
        // A holder killed after writing its tombstone but before unlinking leaves this behind.
        Path lock = Files.write(dir.resolve("k.lock"), new byte[] {'x'});
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (KeyLocks.Lock held = KeyLocks.acquire(lock)) {
                assertEquals(0, Files.size(lock), "a fresh, empty lock file");
            }
        });
        assertFalse(Files.exists(lock));

        Files.write(lock, new byte[] {'x'});
        Optional<KeyLocks.Lock> tried = KeyLocks.tryAcquire(lock);
        assertTrue(tried.isPresent(), "tryAcquire recovers as well");
        tried.get().close();
    }

    @Test
    @SuppressWarnings("try")
    void tryAcquireFailsWhileAnotherThreadHoldsTheLock() throws Exception {
        Path lock = dir.resolve("k.lock");
        try (KeyLocks.Lock held = KeyLocks.acquire(lock)) {
            assertTrue(Files.exists(lock));
            assertFalse(CompletableFuture.supplyAsync(() -> {
                try {
                    return KeyLocks.tryAcquire(lock).isPresent();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(), "held by this thread's lock");
        }
        assertFalse(Files.exists(lock), "deleted on release");
        Optional<KeyLocks.Lock> free = KeyLocks.tryAcquire(lock);
        assertTrue(free.isPresent());
        free.get().close();
    }
}
