package org.cellbook.kernel.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cellbook.core.BadInputException;

/**
 * Jupyter kernelspecs for the Cellbook kernel: {@code <data dir>/kernels/<name>/kernel.json} whose argv
 * starts the JVM with Cellbook's flags on the CLI jar ({@code cellbook kernel start --connection-file}).
 * Interrupts are sent as messages ({@code interrupt_mode: message}): a SIGINT would end the JVM.
 */
public final class KernelSpecs {
    public static final String DEFAULT_NAME = "cellbook-java";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a spec lives: {@code <root>/kernels/<name>}. */
    public record Installed(String name, Path dir, String displayName) { }

    private KernelSpecs() { }

    /** {@code --user}: $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter. */
    public static Path userDataDir(Map<String, String> env) {
        if (env.get("JUPYTER_DATA_DIR") != null) {
            return Path.of(env.get("JUPYTER_DATA_DIR"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter");
    }

    /** {@code --prefix P}: P/share/jupyter. */
    public static Path prefixDataDir(Path prefix) {
        return prefix.resolve("share").resolve("jupyter");
    }

    /**
     * Writes {@code dataDir/kernels/name/kernel.json} (replacing an existing one).
     *
     * @param java     the java executable
     * @param jvmFlags flags for the kernel JVM (Cellbook's --add-opens etc.)
     * @param jar      the cellbook CLI jar
     */
    public static Path install(Path dataDir, String name, Path java, List<String> jvmFlags, Path jar, String displayName) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw BadInputException.parameter("--name", "'" + name + "' is not a kernel name",
                    "use letters, digits, '.', '_' or '-' (Jupyter's rule)");
        }
        if (!Files.isRegularFile(jar)) {
            throw BadInputException.file(jar, "the Cellbook jar is missing", "build it first (./cellbook setup)");
        }
        Path dir = dataDir.resolve("kernels").resolve(name);
        Files.createDirectories(dir);
        ObjectNode spec = JSON.createObjectNode();
        ArrayNode argv = spec.putArray("argv");
        argv.add(java.toString());
        jvmFlags.forEach(argv::add);
        argv.add("-jar").add(jar.toAbsolutePath().toString())
                .add("kernel").add("start").add("--connection-file").add("{connection_file}");
        spec.put("display_name", displayName);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.putObject("env");
        spec.putObject("metadata").put("cellbook", true);
        Files.writeString(dir.resolve("kernel.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
        return dir;
    }

    /** Cellbook kernelspecs in the given data directories (first one wins for a name). */
    public static List<Installed> list(List<Path> dataDirs) throws IOException {
        List<Installed> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Path d : dataDirs) {
            Path kernels = d.resolve("kernels");
            if (!Files.isDirectory(kernels)) {
                continue;
            }
            try (Stream<Path> s = Files.list(kernels)) {
                for (Path k : s.sorted(Comparator.naturalOrder()).toList()) {
                    Path json = k.resolve("kernel.json");
                    if (!Files.isRegularFile(json)) {
                        continue;
                    }
                    JsonNode spec;
                    try {
                        spec = JSON.readTree(json.toFile());
                    } catch (IOException e) {
                        continue; // someone else's broken spec is not ours to report
                    }
                    if (spec.path("metadata").path("cellbook").asBoolean(false) && seen.add(k.getFileName().toString())) {
                        out.add(new Installed(k.getFileName().toString(), k, spec.path("display_name").asText()));
                    }
                }
            }
        }
        return out;
    }

    /** Deletes a Cellbook kernelspec; refuses specs that are not Cellbook's. */
    public static Path remove(List<Path> dataDirs, String name) throws IOException {
        for (Installed i : list(dataDirs)) {
            if (i.name().equals(name)) {
                try (Stream<Path> walk = Files.walk(i.dir())) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
                return i.dir();
            }
        }
        throw BadInputException.parameter("NAME", "no Cellbook kernelspec named '" + name + "' in " + dataDirs,
                "see 'cellbook kernel list'");
    }

    /** The data directories Jupyter searches, in its order (JUPYTER_PATH, user, env prefix, system). */
    public static List<Path> searchPath(Map<String, String> env, Path sysPrefix) {
        List<Path> dirs = new ArrayList<>();
        String jp = env.get("JUPYTER_PATH");
        if (jp != null && !jp.isBlank()) {
            Arrays.stream(jp.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(dirs::add);
        }
        dirs.add(userDataDir(env));
        if (sysPrefix != null) {
            dirs.add(prefixDataDir(sysPrefix));
        }
        dirs.add(Path.of("/usr/local/share/jupyter"));
        dirs.add(Path.of("/usr/share/jupyter"));
        return dirs;
    }
}
