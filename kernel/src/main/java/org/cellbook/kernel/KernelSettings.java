package org.cellbook.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.kernel.exec.Classpaths;
import org.cellbook.kernel.exec.EvaluatorSettings;

/**
 * Kernel settings from the environment, IJava-compatible: each {@code IJAVA_X} variable has a
 * {@code CELLBOOK_X} twin, and the CELLBOOK_ one wins when both are set.
 * <ul>
 * <li>{@code CLASSPATH}: extra class path (path-separated; {@code dir/*} means the jars in dir)</li>
 * <li>{@code STARTUP_SCRIPTS_PATH}: files run at start (path-separated; globs like {@code dir/*.jshell})</li>
 * <li>{@code STARTUP_SCRIPT}: Java code run at start, after the files</li>
 * <li>{@code TIMEOUT}: per-cell limit in milliseconds; -1 (the default) for none</li>
 * <li>{@code COMPILER_OPTS}: javac options, space-separated</li>
 * </ul>
 */
public record KernelSettings(EvaluatorSettings evaluator) {
    public static KernelSettings fromEnvironment(Map<String, String> env) {
        List<String> classpath = Classpaths.parseUserPath(get(env, "CLASSPATH"));
        String opts = get(env, "COMPILER_OPTS");
        List<String> compilerOptions = opts == null || opts.isBlank() ? List.of() : Arrays.asList(opts.trim().split("\\s+"));
        long timeout = parseTimeout(get(env, "TIMEOUT"));
        List<String> scripts = new ArrayList<>();
        for (Path p : scriptFiles(get(env, "STARTUP_SCRIPTS_PATH"))) {
            try {
                scripts.add(Files.readString(p));
            } catch (IOException e) {
                throw BadInputException.file(p, "cannot read this startup script (CELLBOOK_/IJAVA_STARTUP_SCRIPTS_PATH): " + e.getMessage(), "fix its permissions or remove it from the path");
            }
        }
        String script = get(env, "STARTUP_SCRIPT");
        if (script != null && !script.isBlank()) {
            scripts.add(script);
        }
        return new KernelSettings(new EvaluatorSettings(classpath, compilerOptions, timeout,
                EvaluatorSettings.DEFAULT_IMPORTS, scripts));
    }

    /** CELLBOOK_name if set, else IJAVA_name, else null. */
    static String get(Map<String, String> env, String name) {
        String v = env.get("CELLBOOK_" + name);
        return v != null ? v : env.get("IJAVA_" + name);
    }

    private static long parseTimeout(String v) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms < -1 || ms == 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw BadInputException.parameter("CELLBOOK_TIMEOUT/IJAVA_TIMEOUT", "'" + v + "' is not a timeout", "give a positive number of milliseconds, or -1 for none");
        }
    }

    private static List<Path> scriptFiles(String spec) {
        List<Path> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String part : spec.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            if (part.contains("*") || part.contains("?")) {
                Path dir = Path.of(part).getParent();
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(part).getFileName());
                try (var files = Files.list(dir == null ? Path.of(".") : dir)) {
                    files.filter(f -> m.matches(f.getFileName())).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw BadInputException.file(dir, "cannot list this startup scripts directory: " + e.getMessage(), "check CELLBOOK_/IJAVA_STARTUP_SCRIPTS_PATH");
                }
            } else {
                Path p = Path.of(part);
                if (!Files.isRegularFile(p)) {
                    throw BadInputException.file(p, "startup script not found (CELLBOOK_/IJAVA_STARTUP_SCRIPTS_PATH)", "fix the path or unset the variable");
                }
                out.add(p);
            }
        }
        return out;
    }
}
