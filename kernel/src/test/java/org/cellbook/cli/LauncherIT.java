package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
