package org.cellbook.kernel.exec;

import java.util.List;

/**
 * How to set up a {@link JavaEvaluator}.
 *
 * @param classpath      extra class path entries for the cells (files or directories)
 * @param compilerOptions javac options, e.g. {@code --enable-preview --release 25}
 * @param timeoutMillis  per-cell limit; {@code <= 0} means none
 * @param imports        imports run before the first cell; ones that do not resolve are skipped
 * @param startupScripts Java sources run (in order) after the imports
 */
public record EvaluatorSettings(List<String> classpath, List<String> compilerOptions, long timeoutMillis,
                                List<String> imports, List<String> startupScripts) {
    public EvaluatorSettings {
        classpath = List.copyOf(classpath);
        compilerOptions = List.copyOf(compilerOptions);
        imports = List.copyOf(imports);
        startupScripts = List.copyOf(startupScripts);
    }

    /** The imports every Cellbook session starts with. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*", "java.io.*", "java.nio.file.*",
            "java.math.*", "java.time.*",
            "org.cellbook.core.*", "org.cellbook.core.data.*", "org.cellbook.core.io.*", "org.cellbook.cache.*",
            "tech.tablesaw.api.*",
            "org.cellbook.kernel.runtime.*", "static org.cellbook.kernel.runtime.Display.*");

    public static EvaluatorSettings defaults() {
        return new EvaluatorSettings(List.of(), List.of(), 0, DEFAULT_IMPORTS, List.of());
    }

    public EvaluatorSettings withTimeout(long millis) {
        return new EvaluatorSettings(classpath, compilerOptions, millis, imports, startupScripts);
    }
}
