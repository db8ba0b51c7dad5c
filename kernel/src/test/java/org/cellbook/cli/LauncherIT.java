package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.env.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./cellbook launcher script itself (an integration test: it needs the packaged CLI jar). */
class LauncherIT {
    private static final Path LAUNCHER = Project.root().resolve("cellbook");

    private static String run(Map<String, String> env, int expectedExit, String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>(java.util.List.of("bash", LAUNCHER.toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.waitFor(), out);
        return out;
    }

    @Test
    void noSuitableJdkIsReportedWithWhatWasFound(@TempDir Path empty) throws Exception {
        // An old JDK as JAVA_HOME, no JDK directory to scan, and no javac on PATH.
        Path old = Files.createDirectories(empty.resolve("jdk17/bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path f = old.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho 'java.specification.version = 17' >&2\n");
            f.toFile().setExecutable(true);
        }
        // And one in the scanned directory whose version only its release file gives (its java says nothing).
        Path scanned = Files.createDirectories(empty.resolve("jvms/jdk-rel/bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path f = scanned.resolve(tool);
            Files.writeString(f, "#!/bin/sh\nexit 1\n");
            f.toFile().setExecutable(true);
        }
        Files.writeString(scanned.getParent().resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.2\"\n");
        String out = run(Map.of("JAVA_HOME", old.getParent().toString(), "CELLBOOK_JVM_DIRS", empty.resolve("jvms").toString(),
                "PATH", "/usr/bin/none:/bin"), 2, "--help");
        assertTrue(out.contains("no JDK >= 21 found"), out);
        assertTrue(out.contains("jdk17 (17)"), out);
        assertTrue(out.contains("jdk-rel (11)"), out);
    }

    @Test
    void picksAJdkAndRunsTheCli() throws Exception {
        String out = run(Map.of(), 0, "--version");
        assertTrue(out.contains("cellbook"), out);
        int major = Integer.parseInt(out.replaceAll("(?s).*JVM: .*? (\\d+)[.+].*", "$1").trim());
        assertTrue(major >= 21, out);
    }

    @Test
    void commandOutputReachesTheTerminal() throws Exception {
        Path mtx = Project.sharedRealData().resolve("djvdj-splen/BL6_GEX/filtered_feature_bc_matrix");
        String out = run(Map.of(), 0, "inspect", mtx.toString());
        assertTrue(out.contains("cells: ") && out.contains("genes: "), out);
        String bad = run(Map.of(), 2, "inspect", "/no/such/path");
        assertTrue(bad.contains("/no/such/path"), bad);
    }

    /** A one-cell Java notebook in {@code dir}. */
    private static Path tinyNotebook(Path dir, String code) throws Exception {
        org.cellbook.runtime.Notebook nb = org.cellbook.runtime.Notebook.create("cellbook-java", "java");
        nb.appendCode(code);
        Path notebook = dir.resolve("tiny.ipynb");
        nb.write(notebook);
        return notebook;
    }

    private record Launched(int exit, String stdout, String stderr) {
    }

    /**
     * {@code cellbook run notebook} through the launcher, its JVM class cache in {@code jvmCache},
     * without JAVA_HOME and without JVM options from this process's environment; {@code env} is added.
     * The executed notebook is {@code dir/out<label>.ipynb}.
     */
    private static Launched runNotebook(Path dir, Path notebook, Path jvmCache, String label, Map<String, String> env)
            throws Exception {
        Path err = dir.resolve("err" + label + ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "run", notebook.toString(), "--no-cache",
                "--output", dir.resolve("out" + label + ".ipynb").toString())
                .redirectError(err.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // with these the launcher leaves the cache alone
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().put("CELLBOOK_JVM_CACHE_DIR", jvmCache.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Launched(exit, stdout, Files.readString(err));
    }

    @Test
    void notebookRunsRecordTheJvmClassCacheOnceThenUseItAndStdoutStaysClean(@TempDir Path tmp) throws Exception {
        Path notebook = tinyNotebook(tmp, "System.out.println(6 * 7);");
        Path jvmCache = Files.createDirectories(tmp.resolve("jvm-cache"));
        String version = run(Map.of(), 0, "--version");
        int major = Integer.parseInt(version.replaceAll("(?s).*JVM: .*? (\\d+)[.+].*", "$1").trim());
        Path cacheFile = jvmCache.resolve(major >= 25 ? "cellbook-notebook.aot" : "cellbook-notebook.jsa");

        for (int run = 1; run <= 2; run++) {
            Launched r = runNotebook(tmp, notebook, jvmCache, String.valueOf(run), Map.of());
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            for (String line : r.stdout().split("\n")) {
                assertTrue(line.isEmpty() || line.startsWith("executed notebook:") || line.startsWith("manifest:")
                        || line.startsWith("cache:"), "run " + run + ": only the CLI's own lines on stdout, not: " + line);
            }
            if (run == 1) {
                // The first run records; the cache file appears when the background assembly finishes.
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!Files.isRegularFile(cacheFile) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(Files.isRegularFile(cacheFile), "the first notebook run leaves " + cacheFile);
            }
        }
        try (var files = Files.list(jvmCache)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp") || f.toString().endsWith(".conf")),
                    "no temporary files are left behind");
        }
    }

    @Test
    void runsWithJvmOptionsFromTheEnvironmentNeitherRecordNorUseTheClassCache(@TempDir Path tmp) throws Exception {
        Path notebook = tinyNotebook(tmp, "System.out.println(System.getProperty(\"cellbook.probe\"));");
        Path jvmCache = Files.createDirectories(tmp.resolve("jvm-cache"));
        Launched r = runNotebook(tmp, notebook, jvmCache, "", Map.of("JAVA_TOOL_OPTIONS", "-Dcellbook.probe=from-env"));
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("without the JVM class cache"), r.stderr());
        assertTrue(Files.readString(tmp.resolve("out.ipynb")).contains("from-env"), "the options reached the JVM");
        try (var files = Files.list(jvmCache)) {
            assertEquals(List.of(), files.toList(), "nothing recorded under options the cache would not match");
        }
    }
}
