package org.cellbook.core.model.cv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Seeds derived from a parent seed and a name: the first 8 bytes (big-endian) of
 * SHA-256(UTF-8 of {@code parent + "/" + name}). A task's seed is {@code derive(globalSeed,
 * taskId)}; inside a task, each fit's seed is derived from the task seed and the fit's name
 * ("inner/<split>/<candidate>", "refit"). Nothing depends on the executor, the order in which
 * tasks run or the number of threads.
 */
public final class TaskSeeds {
    private TaskSeeds() {
    }

    public static long derive(long parent, String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((parent + "/" + name).getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) {
                s = (s << 8) | (h[i] & 0xff);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
