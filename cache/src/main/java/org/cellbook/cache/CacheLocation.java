package org.cellbook.cache;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the cache lives: an explicit path (the CLI's {@code --cache-dir}) wins, then the
 * environment variable {@value #ENV}, then {@code .cellbook/cache} under the working directory.
 * Relative paths are taken from the working directory.
 */
public final class CacheLocation {
    /** Environment variable naming the cache directory. */
    public static final String ENV = "CELLBOOK_CACHE_DIR";
    /** The default, relative to the working directory. */
    public static final Path DEFAULT = Path.of(".cellbook", "cache");

    private CacheLocation() {
    }

    /** Resolves against this process's environment and working directory. */
    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** The cache directory for an explicit choice (may be null), an environment and a working directory. */
    public static Path resolve(Path explicit, Map<String, String> env, Path workingDir) {
        Path chosen;
        if (explicit != null) {
            chosen = explicit;
        } else {
            String fromEnv = env.get(ENV);
            chosen = fromEnv == null || fromEnv.isBlank() ? DEFAULT : Path.of(fromEnv.trim());
        }
        return workingDir.resolve(chosen).toAbsolutePath().normalize();
    }
}
