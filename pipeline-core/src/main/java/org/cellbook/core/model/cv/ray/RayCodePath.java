package org.cellbook.core.model.cv.ray;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.Project;

/**
 * Where Ray's Java workers find Cellbook's classes, and the JVM flags they need. Ray loads user
 * code from the job's code search path (jars, or folders whose jars it adds); the CLI's own jars
 * are the natural choice: {@code kernel/target/cellbook.jar} and {@code kernel/target/lib/}, built
 * by {@code ./cellbook} or {@code mvn package}. {@code CELLBOOK_RAY_CODE_SEARCH_PATH} (or the
 * system property {@code cellbook.ray.code-search-path}), colon-separated, overrides them, e.g.
 * with a folder copied to the same path on every node.
 */
public final class RayCodePath {
    public static final String ENV = "CELLBOOK_RAY_CODE_SEARCH_PATH";
    public static final String PROPERTY = "cellbook.ray.code-search-path";

    private RayCodePath() {
    }

    public static List<Path> resolve() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(ENV);
        }
        if (explicit != null && !explicit.isBlank()) {
            List<Path> out = new ArrayList<>();
            for (String p : explicit.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    out.add(Path.of(p).toAbsolutePath().normalize());
                }
            }
            return List.copyOf(out);
        }
        return cliJars(Project.root());
    }

    /** The CLI's jar and its lib folder under {@code root}; a clear error when not built. */
    public static List<Path> cliJars(Path root) {
        Path target = root.resolve("kernel/target");
        Path jar = target.resolve("cellbook.jar");
        Path lib = target.resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw BadInputException.parameter("ray code search path", "Ray's Java workers load Cellbook from " + jar
                    + " and " + lib + ", which do not exist", "build them with ./cellbook setup (or mvn package), or set "
                    + ENV + " to jars present at the same path on every node");
        }
        return List.of(jar, lib);
    }

    /**
     * This JVM's module-access flags ({@code --add-opens}, {@code --enable-native-access},
     * {@code --sun-misc-unsafe-memory-access}): the parent POM's {@code cellbook.jvm.flags}, which
     * the launcher and the test runners pass, so the workers get the same set.
     */
    public static List<String> workerJvmOptions() {
        List<String> out = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("--enable-native-access")
                    || a.startsWith("--sun-misc-unsafe-memory-access")) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }
}
