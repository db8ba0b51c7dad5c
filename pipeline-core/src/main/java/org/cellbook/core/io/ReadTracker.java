package org.cellbook.core.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells whoever is listening which input files and directories pipeline-core's readers opened, so
 * a notebook cell cache can put their content fingerprints into the cell's key (editing a data file
 * then recomputes the cell that read it). Recordings are process-wide rather than per-thread because
 * loaders read samples on worker threads; with no recording active, {@link #record} costs one check.
 */
public final class ReadTracker {
    private static final List<Recording> ACTIVE = new CopyOnWriteArrayList<>();

    private ReadTracker() {
    }

    /** Notes that {@code path} (a file or a directory) is being read. */
    public static void record(Path path) {
        if (path == null || ACTIVE.isEmpty()) {
            return;
        }
        Path p = path.toAbsolutePath().normalize();
        for (Recording r : ACTIVE) {
            r.paths.add(p);
        }
    }

    /** Starts collecting the paths read from now until the recording is closed. */
    public static Recording start() {
        Recording r = new Recording();
        ACTIVE.add(r);
        return r;
    }

    /** The absolute, normalised paths read while it was open. */
    public static final class Recording implements AutoCloseable {
        private final Set<Path> paths = ConcurrentHashMap.newKeySet();

        private Recording() {
        }

        public Set<Path> paths() {
            return Set.copyOf(paths);
        }

        @Override
        public void close() {
            ACTIVE.remove(this);
        }
    }
}
