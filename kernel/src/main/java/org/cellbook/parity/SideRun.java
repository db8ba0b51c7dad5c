package org.cellbook.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cellbook.core.io.AtomicWrite;

/**
 * How one notebook's run went: where its executed copy and exports are, whether they were reused
 * from an earlier run, and the failure when a cell failed (items exported before it still count).
 */
public record SideRun(String side, Path notebook, Path executed, Path exportDir, boolean reused, String failure,
                      double seconds) {
    public boolean ok() {
        return failure == null;
    }

    /** The reuse record beside the executed copy: the run key, written only after a clean run. */
    static Path keyFile(Path work, String side) {
        return work.resolve(side + ".parity-key");
    }

    static boolean reusable(Path work, String side, String key, Path executed, Path exportDir, List<String> ids) {
        Path kf = keyFile(work, side);
        try {
            if (!Files.isRegularFile(kf) || !Files.isRegularFile(executed)
                    || !Files.readString(kf, StandardCharsets.UTF_8).strip().equals(key)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return ids.stream().allMatch(id -> ExportFiles.find(exportDir, id) != null);
    }

    static void recordKey(Path work, String side, String key) {
        AtomicWrite.writeString(keyFile(work, side), key + "\n");
    }

    /** Empties the export folder (and forgets the key) before a fresh run, so no stale value is compared. */
    static void reset(Path work, String side, Path exportDir) {
        try {
            Files.deleteIfExists(keyFile(work, side));
            Files.createDirectories(exportDir);
            try (Stream<Path> files = Files.list(exportDir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset " + exportDir, e);
        }
    }
}
