package org.cellbook.core.model.cv.ray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.Project;

/**
 * A Ray cluster on this machine, started and stopped with the project venv's {@code ray} command
 * ({@code .venv/bin/ray}, Python {@code ray[default]} with its Java jars). Its state lives in one
 * folder: Ray's temp dir and a file with the head's address. No Ray Java classes are used here.
 *
 * <p>{@link #stop} ends only this cluster's processes (those whose command line names its temp
 * dir or its head address), found by process id: {@code ray stop} would end every Ray process of
 * the user on the machine, other people's clusters included.
 *
 * <p>Ray 2.39 replaces a node IP of 127.0.0.1 by the machine's address, so the head's address is
 * read back from {@code ray start}'s output rather than assumed.
 */
public final class RayCluster {
    private static final Pattern ADDRESS = Pattern.compile("ray start --address='([^']+)'");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private final Path stateDir;
    private final Path rayScript;

    public RayCluster(Path stateDir, Path rayScript) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.rayScript = rayScript;
    }

    /** The project's cluster: state in {@code .cellbook/ray}, {@code ray} from {@code .venv}. */
    public static RayCluster project() {
        Path root = Project.root();
        return new RayCluster(root.resolve(".cellbook/ray"), root.resolve(".venv/bin/ray"));
    }

    public Path stateDir() {
        return stateDir;
    }

    /**
     * Ray's temp dir. Ray puts Unix sockets under it and socket paths are limited to 107 bytes,
     * so a deep state folder falls back to a short folder in /tmp named after it.
     */
    public Path tempDir() {
        Path t = stateDir.resolve("t");
        if (t.toString().length() <= 40) {
            return t;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(stateDir.toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/tmp", "cellbook-ray-" + HexFormat.of().formatHex(h, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The head's address ({@code host:port}) recorded by {@link #startHead}, or null. */
    public String address() {
        Path f = stateDir.resolve("address");
        try {
            return Files.isRegularFile(f) ? Files.readString(f).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this cluster's head processes are running. */
    public boolean running() {
        String a = address();
        return a != null && processes().stream().anyMatch(p -> command(p).contains("gcs_server"));
    }

    /**
     * Starts a head node and returns its address.
     *
     * @param port             GCS port, 0 for a free one
     * @param numCpus          CPUs the head offers to tasks, or null for all of them
     * @param objectStoreBytes object store size (Ray's minimum is 75 MB), or null for Ray's default
     */
    public String startHead(int port, Integer numCpus, Long objectStoreBytes) {
        if (running()) {
            throw BadInputException.parameter("ray start", "a Cellbook Ray cluster is already running at " + address()
                    + " (state in " + stateDir + ")", "use it, or stop it first with: cellbook ray stop");
        }
        int gcsPort = port > 0 ? port : freePort();
        List<String> cmd = new ArrayList<>(List.of(ray(), "start", "--head",
                "--node-ip-address=127.0.0.1", "--port=" + gcsPort, "--temp-dir=" + tempDir(),
                "--include-dashboard=false", "--dashboard-port=" + freePort(),
                "--ray-client-server-port=" + freePort(), "--dashboard-agent-listen-port=" + freePort(),
                // Workers bind ports the OS picks: fixed ranges collide between nodes on one machine.
                "--min-worker-port=0", "--max-worker-port=0", "--disable-usage-stats"));
        resources(cmd, numCpus, objectStoreBytes);
        String out = run(cmd, "ray start --head");
        Matcher m = ADDRESS.matcher(ANSI.matcher(out).replaceAll(""));
        String address = m.find() ? m.group(1) : "127.0.0.1:" + gcsPort;
        record(address);
        return address;
    }

    /**
     * Starts a node on this machine joining the head at {@code address} (another machine's head,
     * or this cluster's for single-machine trials and tests).
     */
    public void join(String address, Integer numCpus, Long objectStoreBytes) {
        List<String> cmd = new ArrayList<>(List.of(ray(), "start", "--address=" + address, "--node-ip-address=127.0.0.1",
                "--dashboard-agent-listen-port=" + freePort(), "--min-worker-port=0", "--max-worker-port=0",
                "--disable-usage-stats"));
        resources(cmd, numCpus, objectStoreBytes);
        run(cmd, "ray start --address=" + address);
        if (address() == null) {
            record(address);
        }
    }

    private static void resources(List<String> cmd, Integer numCpus, Long objectStoreBytes) {
        if (numCpus != null) {
            cmd.add("--num-cpus=" + numCpus);
        }
        if (objectStoreBytes != null) {
            cmd.add("--object-store-memory=" + objectStoreBytes);
        }
    }

    private void record(String address) {
        try {
            Files.createDirectories(stateDir);
            Files.writeString(stateDir.resolve("address"), address + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ray status}: nodes and resources. */
    public String status() {
        String a = address();
        if (a == null) {
            throw BadInputException.parameter("ray status", "no Cellbook Ray cluster recorded in " + stateDir,
                    "start one with: cellbook ray start");
        }
        return run(List.of(ray(), "status", "--address=" + a), "ray status");
    }

    /** This cluster's processes: command line naming its temp dir or its head address. */
    public List<ProcessHandle> processes() {
        String temp = tempDir().toString();
        String a = address();
        return ProcessHandle.allProcesses().filter(p -> {
            String c = command(p);
            return c.contains(temp) || (a != null && (c.contains("address=" + a) || c.contains("ray.address=" + a)));
        }).toList();
    }

    /** The Java worker JVMs of this cluster (the raylet's command line names the worker class too: not it). */
    public List<ProcessHandle> javaWorkers() {
        return processes().stream()
                .filter(p -> p.info().command().orElse("").endsWith("/java")
                        && command(p).contains("io.ray.runtime.runner.worker.DefaultWorker"))
                .toList();
    }

    /** Ends this cluster's processes (TERM, then KILL after a grace period); returns how many there were. */
    public int stop() {
        List<ProcessHandle> ps = processes();
        ps.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle p : ps) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        // Processes Ray started while we were stopping (a raylet restarting a worker).
        processes().forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(stateDir.resolve("address"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ps.size();
    }

    static String command(ProcessHandle p) {
        ProcessHandle.Info i = p.info();
        String cmd = i.command().orElse("");
        return i.arguments().map(a -> cmd + " " + String.join(" ", a)).orElse(i.commandLine().orElse(cmd));
    }

    private String ray() {
        if (!Files.isExecutable(rayScript)) {
            throw BadInputException.parameter("ray", "no Ray command at " + rayScript,
                    "create the project's Python environment (./cellbook setup); it installs ray[default]");
        }
        return rayScript.toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a ray command with this JVM's java first on PATH (Ray starts Java workers with "java"). */
    private static String run(List<String> cmd, String what) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                    + env.getOrDefault("PATH", ""));
            env.put("RAY_USAGE_STATS_ENABLED", "0");
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in 3 minutes");
            }
            String text = out.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }
}
