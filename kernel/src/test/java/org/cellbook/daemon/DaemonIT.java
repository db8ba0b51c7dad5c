package org.cellbook.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.cellbook.core.env.Project;
import org.cellbook.runtime.Notebook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cellbook daemon start} and {@code ./cellbook run} through it: the real launcher, a real
 * resident JVM and real notebook runs (an integration test: it needs the packaged jars).
 */
class DaemonIT {
    private static final Path LAUNCHER = Project.root().resolve("cellbook");
    private static final Path JAR = Project.root().resolve("kernel/target/cellbook.jar");

    @TempDir
    Path tmp;
    private Path daemonDir;

    private record Launched(int exit, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    @BeforeEach
    void startDaemon() throws Exception {
        daemonDir = tmp.resolve("d");
        Launched r = launch(Map.of(), "daemon", "start", "--idle-minutes", "5");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stdout().contains("running: pid"), r.all());
        assertTrue(Files.exists(daemonDir.resolve("daemon.sock")), r.all());
    }

    @AfterEach
    void stopDaemon() throws Exception {
        launch(Map.of(), "daemon", "stop");
    }

    /** The launcher with this test's daemon folder and a private JVM class cache; {@code env} is added. */
    private ProcessBuilder launcher(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().put("CELLBOOK_DAEMON_DIR", daemonDir.toString());
        pb.environment().put("CELLBOOK_JVM_CACHE_DIR", Files.createDirectories(tmp.resolve("jvm")).toString());
        pb.environment().put("CELLBOOK_AOT", "0");
        pb.environment().putAll(env);
        return pb;
    }

    private Launched launch(Map<String, String> env, String... args) throws Exception {
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = launcher(env, args).redirectError(err.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Launched(exit, stdout, Files.readString(err));
    }

    private Path notebook(String name, String... cells) throws Exception {
        Notebook nb = Notebook.create("cellbook-java", "java");
        for (String c : cells) {
            nb.appendCode(c);
        }
        Path path = tmp.resolve(name + ".ipynb");
        nb.write(path);
        return path;
    }

    private Launched run(Path notebook, String out, Map<String, String> env) throws Exception {
        return launch(env, "run", notebook.toString(), "--no-cache", "--output", tmp.resolve(out).toString());
    }

    private String daemonLog() throws Exception {
        return Files.readString(daemonDir.resolve("daemon.log"));
    }

    private static long servedRuns(String log) {
        return log.lines().filter(l -> l.contains(" -> exit ")).count();
    }

    private static JsonNode outputs(Path executed) throws Exception {
        JsonNode nb = new ObjectMapper().readTree(executed.toFile());
        List<JsonNode> out = new ArrayList<>();
        nb.get("cells").forEach(c -> out.add(c.get("outputs")));
        return new ObjectMapper().valueToTree(out);
    }

    @Test
    void aRunThroughTheDaemonGivesWhatANewJvmGivesWithItsOutputAndExitCodes() throws Exception {
        Path nb = notebook("calc",
                "double s = 0; for (int i = 1; i <= 1000; i++) s += Math.sqrt(i); System.out.println(s);",
                "System.err.println(\"to stderr\"); s * 2");
        Launched viaDaemon = run(nb, "a.ipynb", Map.of());
        assertEquals(0, viaDaemon.exit(), viaDaemon.all());
        assertTrue(viaDaemon.stdout().contains("executed notebook: " + tmp.resolve("a.ipynb")), viaDaemon.all());
        assertFalse(viaDaemon.stderr().contains("new JVM"), viaDaemon.all());
        assertEquals(1, servedRuns(daemonLog()), "the daemon ran it: " + daemonLog());

        // A second run in the same daemon (classes and JIT state kept) gives the same notebook outputs.
        Launched again = run(nb, "b.ipynb", Map.of());
        assertEquals(0, again.exit(), again.all());
        assertEquals(2, servedRuns(daemonLog()), daemonLog());
        assertEquals(outputs(tmp.resolve("a.ipynb")), outputs(tmp.resolve("b.ipynb")));

        // A failing cell: exit 1 and the error on stderr, as from a new JVM.
        Launched failing = run(notebook("fails", "throw new IllegalStateException(\"boom-42\");"), "f.ipynb", Map.of());
        assertEquals(1, failing.exit(), failing.all());
        assertTrue(failing.stderr().contains("boom-42"), failing.all());
        // Bad input: exit 2, naming the path.
        Launched bad = launch(Map.of(), "run", tmp.resolve("missing.ipynb").toString());
        assertEquals(2, bad.exit(), bad.all());
        assertTrue(bad.stderr().contains("missing.ipynb"), bad.all());
        assertEquals(4, servedRuns(daemonLog()), daemonLog());

        // The same notebook in a new JVM (daemon stopped) gives the same outputs.
        assertEquals(0, launch(Map.of(), "daemon", "stop").exit());
        Launched fresh = run(nb, "c.ipynb", Map.of());
        assertEquals(0, fresh.exit(), fresh.all());
        assertEquals(outputs(tmp.resolve("a.ipynb")), outputs(tmp.resolve("c.ipynb")));
    }

    @Test
    void anotherEnvironmentIsDeclinedNamingTheVariableAndTheRunGoesToANewJvm() throws Exception {
        Path nb = notebook("env", "System.out.println(System.getenv(\"CELLBOOK_PROBE\"));");
        Launched r = run(nb, "e.ipynb", Map.of("CELLBOOK_PROBE", "from-this-shell"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stderr().contains("CELLBOOK_PROBE differs"), r.all());
        assertTrue(Files.readString(tmp.resolve("e.ipynb")).contains("from-this-shell"), "the new JVM saw the variable");
        assertEquals(0, servedRuns(daemonLog()), daemonLog());
    }

    @Test
    void concurrentRunsAreServedOneAtATimeEachWithItsOwnOutput() throws Exception {
        Path nb = notebook("slow", "Thread.sleep(300); System.out.println(\"done\");");
        List<CompletableFuture<Launched>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String out = "p" + i + ".ipynb";
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return run(nb, out, Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < 3; i++) {
            Launched r = runs.get(i).join();
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.stdout().contains("executed notebook: " + tmp.resolve("p" + i + ".ipynb")), r.all());
            for (int j = 0; j < 3; j++) {
                assertTrue(j == i || !r.stdout().contains("p" + j + ".ipynb"), "only its own output: " + r.all());
            }
        }
        assertEquals(3, servedRuns(daemonLog()), daemonLog());
    }

    @Test
    void aRebuiltJarRetiresTheDaemonAndTheRunGoesToANewJvm() throws Exception {
        Path nb = notebook("rebuilt", "System.out.println(1 + 1);");
        FileTime built = Files.getLastModifiedTime(JAR);
        try {
            Files.setLastModifiedTime(JAR, FileTime.fromMillis(built.toMillis() + 2_000));
            Launched r = run(nb, "r.ipynb", Map.of());
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.stderr().contains("rebuilt"), r.all());
        } finally {
            Files.setLastModifiedTime(JAR, built);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(daemonDir.resolve("daemon.sock")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(daemonDir.resolve("daemon.sock")), "the daemon retired: " + daemonLog());
        assertTrue(daemonLog().contains("exiting: the jar was rebuilt"), daemonLog());
    }

    @Test
    void aClientThatGoesAwayInterruptsItsRunAndTheDaemonServesTheNext() throws Exception {
        Path started = tmp.resolve("started");
        Path nb = notebook("long", "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + started + "\"), \"x\");\n"
                + "Thread.sleep(120_000);", "System.out.println(\"second cell ran \" + (20 + 22));");
        Process client = launcher(Map.of(), "run", nb.toString(), "--no-cache", "--output", tmp.resolve("long-out.ipynb").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("long.txt").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(started), "the first cell started");
        client.descendants().forEach(ProcessHandle::destroy); // the client JVM, as Ctrl-C would
        client.destroy();
        client.waitFor();
        while (servedRuns(daemonLog()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String log = daemonLog();
        assertTrue(log.contains("the client went away; interrupting its run"), log);
        assertTrue(log.contains(" -> exit 1 in "), "the run ended as a failed one, long before the cell's 120 s: " + log);
        assertFalse(outputs(tmp.resolve("long-out.ipynb")).toString().contains("second cell ran 42"), "no further cell ran");
        String cells = outputs(tmp.resolve("long-out.ipynb")).toString();
        assertTrue(cells.contains("interrupted"), "the cell says why it stopped: " + cells);
        Launched next = run(notebook("after", "System.out.println(40 + 2);"), "after.ipynb", Map.of());
        assertEquals(0, next.exit(), next.all());
        assertTrue(Files.readString(tmp.resolve("after.ipynb")).contains("42"));
    }

    @Test
    void aFolderOtherUsersCanEnterIsRefusedAndLeftAsItWas() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Launched r = launch(Map.of("CELLBOOK_DAEMON_DIR", shared.toString()), "daemon", "start");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("open to other users") && r.all().contains(shared.toString()), r.all());
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertFalse(Files.exists(shared.resolve("daemon.sock")));
        // The daemon itself refuses it too, when started without the launcher.
        Process serve = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(),
                "daemon", "serve", "--socket", shared.resolve("daemon.sock").toString()).redirectErrorStream(true).start();
        String out = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, serve.waitFor(), out);
        assertTrue(out.contains("open to other users") && out.contains("CELLBOOK_DAEMON_DIR"), out);
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertFalse(Files.exists(shared.resolve("daemon.sock")));
    }

    @Test
    void aKilledDaemonsSocketIsRemovedAndTheRunGoesToANewJvm() throws Exception {
        String status = launch(Map.of(), "daemon", "status").stdout();
        long pid = Long.parseLong(status.replaceAll("(?s).*pid (\\d+).*", "$1"));
        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(pid)).start();
        assertEquals(0, kill.waitFor());
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertTrue(Files.exists(daemonDir.resolve("daemon.sock")), "kill -9 leaves the socket file");
        Launched r = run(notebook("orphan", "System.out.println(3 * 14);"), "o.ipynb", Map.of());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stderr().contains("no daemon is answering") && r.stderr().contains("removed that stale socket"), r.all());
        assertFalse(Files.exists(daemonDir.resolve("daemon.sock")));
        assertTrue(Files.readString(tmp.resolve("o.ipynb")).contains("42"));
    }

    @Test
    void aRunsValuesAreFreedWhenItEnds() throws Exception {
        // 400 MB held by a cell variable: the daemon must not keep it (nor the run's classes) afterwards.
        Path nb = notebook("big", "float[] big = new float[100_000_000]; big[big.length - 1] = 1f;", "System.out.println(big.length);");
        Launched r = run(nb, "big.ipynb", Map.of());
        assertEquals(0, r.exit(), r.all());
        // A second run: whatever of the first is still reachable now is kept for good.
        assertEquals(0, run(notebook("small", "1 + 1"), "small.ipynb", Map.of()).exit());
        long deadline = System.nanoTime() + 20_000_000_000L;
        long used = Long.MAX_VALUE;
        while (used > 150 && System.nanoTime() < deadline) {
            String status = launch(Map.of(), "daemon", "status").stdout();
            used = Long.parseLong(status.replaceAll("(?s).*heap (\\d+) MiB used.*", "$1"));
            Thread.sleep(250);
        }
        assertTrue(used <= 150, "heap used after the run: " + used + " MiB");
    }

    @Test
    void stopEndsTheDaemonAndStatusThenSaysSo() throws Exception {
        Launched status = launch(Map.of(), "daemon", "status");
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.stdout().contains("0 run(s) served"), status.all());
        Launched stop = launch(Map.of(), "daemon", "stop");
        assertEquals(0, stop.exit(), stop.all());
        assertTrue(stop.stdout().contains("stopped the daemon"), stop.all());
        assertFalse(Files.exists(daemonDir.resolve("daemon.sock")));
        Launched after = launch(Map.of(), "daemon", "status");
        assertEquals(3, after.exit(), after.all());
        assertTrue(after.stderr().contains("no daemon running"), after.all());
    }
}
