package org.cellbook.core.env;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the repository root (from the {@code cellbook.root} system property, the
 * {@code CELLBOOK_ROOT} environment variable set by the launcher, or the working directory),
 * the project's Python environment and the shared real data beside the clone.
 */
public final class Project {
    private Project() {
    }

    public static Path root() {
        String p = System.getProperty("cellbook.root");
        if (p == null || p.isBlank()) {
            p = System.getenv("CELLBOOK_ROOT");
        }
        Path start = Path.of(p == null || p.isBlank() ? "." : p).toAbsolutePath().normalize();
        // Walk up to the directory holding the launcher, so module directories work too.
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("cellbook")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return start;
    }

    /** The venv's python; exists once {@code ./cellbook test} or {@code ./cellbook setup} ran. */
    public static Path venvPython() {
        return root().resolve(".venv/bin/python");
    }

    /** {@code ../shared/data/real} next to the clone: small real 10x outputs used by tests. */
    public static Path sharedRealData() {
        return root().resolveSibling("shared").resolve("data/real");
    }
}
