package org.cellbook.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A resident JVM that runs {@code cellbook run} commands handed over a Unix domain socket, so a
 * re-run skips JVM start-up, class loading and JIT warm-up (a replayed reference run: 1.1 s in a
 * new JVM, most of it start-up). One command at a time; others wait their turn.
 *
 * <p>It only runs what a new JVM would run the same way: a request from another working directory,
 * with another environment, or after the jar was rebuilt is declined (the launcher then starts a
 * new JVM, and the daemon retires after a rebuild). A run that connected to Ray also retires it,
 * since a JVM holds one Ray connection for good. The socket sits in a folder only its owner can
 * enter: whoever can connect can run code. It exits after {@code idle} without a request.
 */
public final class DaemonServer {
    /** Variables a shell changes between otherwise identical invocations. */
    static final Set<String> VOLATILE_ENV = Set.of("_", "PWD", "OLDPWD", "SHLVL");
    /** Idle seconds after a run before the daemon collects its heap (runs of a script come closer). */
    static final int IDLE_COLLECT_SECONDS = 3;

    private final Path socket;
    private final Duration idle;
    private final Function<List<String>, Integer> command;
    private final Runnable interrupt;
    private final PrintStream log;
    private final Path jar;
    private final FileTime jarStamp;
    private final String cwd = Path.of("").toAbsolutePath().toString();
    private final Map<String, String> env = comparableEnv(System.getenv());
    private final Instant started = Instant.now();
    private final ReentrantLock running = new ReentrantLock(true);
    private final RoutingStream stdout = new RoutingStream();
    private final RoutingStream stderr = new RoutingStream();
    private volatile Instant lastActivity = Instant.now();
    private volatile boolean retiring;
    private volatile boolean collectWhenIdle;
    private volatile int served; // incremented under the run lock

    /**
     * @param command   runs one CLI command line (e.g. {@code [run, nb.ipynb, ...]}) and returns its
     *                  exit code; it writes to System.out and System.err, which go to the client
     * @param interrupt stops the command in progress when its client goes away
     */
    public DaemonServer(Path socket, Duration idle, Function<List<String>, Integer> command, Runnable interrupt,
                        PrintStream log) {
        this.socket = socket.toAbsolutePath();
        this.idle = idle;
        this.command = command;
        this.interrupt = interrupt;
        this.log = log;
        this.jar = codeLocation();
        this.jarStamp = stamp(jar);
    }

    /** Binds the socket and serves until stopped, idle or retired; returns the exit code. */
    public int serve() throws IOException {
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Never loosen or tighten a folder we did not make (it may be /tmp): refuse a shared one.
        Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw org.cellbook.core.BadInputException.parameter("CELLBOOK_DAEMON_DIR",
                    "the daemon's folder " + dir + " is open to other users (" + PosixFilePermissions.toString(perms)
                            + "), and whoever can reach the socket can run code",
                    "use a folder only you can enter (chmod 700 " + dir + ") or unset CELLBOOK_DAEMON_DIR");
        }
        if (Files.exists(socket)) {
            if (answers(socket)) {
                log.println("cellbook daemon: another daemon already answers on " + socket);
                return 1;
            }
            Files.delete(socket); // left by a daemon that was killed
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeSocket, "cellbook-daemon-cleanup"));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        stdout.to(log);
        stderr.to(log);
        log.println("cellbook daemon: pid " + ProcessHandle.current().pid() + " serving " + socket + " for " + cwd
                + " (jar " + jar + "; exits after " + idle.toMinutes() + " idle minutes)");
        Thread watchdog = new Thread(this::exitWhenIdle, "cellbook-daemon-idle");
        watchdog.setDaemon(true);
        watchdog.start();
        while (!retiring) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (retiring) {
                    break;
                }
                throw e;
            }
            Thread t = new Thread(() -> handle(ch), "cellbook-daemon-request");
            t.start();
        }
        return 0;
    }

    /** One connection. Only runs count as activity: a status poll neither keeps the daemon alive nor delays its idle collection. */
    private void handle(SocketChannel ch) {
        try (ch) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DaemonProtocol.Request r = DaemonProtocol.readRequest(in);
            switch (r.op()) {
                case "status" -> {
                    say(out, status());
                    DaemonProtocol.writeExit(out, 0);
                }
                case "stop" -> {
                    if (running.isLocked()) {
                        say(out, "waiting for the current run to finish");
                    }
                    running.lock();
                    retiring = true;
                    removeSocket(); // before answering: once the client returns, the daemon is gone
                    say(out, "stopped the daemon (pid " + ProcessHandle.current().pid() + ")");
                    DaemonProtocol.writeExit(out, 0);
                    exit("stop requested");
                }
                case "run" -> {
                    lastActivity = Instant.now();
                    try {
                        run(r, in, out);
                    } finally {
                        lastActivity = Instant.now();
                    }
                }
                default -> decline(out, "unknown request '" + r.op() + "'");
            }
        } catch (IOException e) {
            log.println("cellbook daemon: request failed: " + e.getMessage());
        }
    }

    private void run(DaemonProtocol.Request r, DataInputStream in, DataOutputStream out) throws IOException {
        String why = mismatch(r);
        if (why != null) {
            boolean rebuilt = !Objects.equals(stamp(jar), jarStamp);
            if (rebuilt) {
                retiring = true;
                removeSocket(); // the launcher's next run starts a new JVM without asking
            }
            decline(out, why);
            if (rebuilt) {
                exit("the jar was rebuilt");
            }
            return;
        }
        running.lock();
        Instant t0 = Instant.now();
        int code;
        try {
            if (retiring) {
                decline(out, "the daemon is stopping");
                return;
            }
            java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
            // A client that goes away (Ctrl-C) closes the socket: interrupt its run.
            Thread.ofVirtual().start(() -> {
                try {
                    in.read();
                } catch (IOException ignored) {
                    // closed: same as end of stream
                }
                synchronized (finished) {
                    if (!finished.get()) {
                        log.println("cellbook daemon: the client went away; interrupting its run");
                        // The kernel's interrupt (the cell stops, the run ends as at a failing cell),
                        // not Thread.interrupt: that would also cut short the run's cache writes.
                        interrupt.run();
                    }
                }
            });
            Object lock = new Object();
            stdout.to(new FrameStream(out, DaemonProtocol.STDOUT, lock));
            stderr.to(new FrameStream(out, DaemonProtocol.STDERR, lock));
            try {
                code = command.apply(r.args());
            } catch (RuntimeException | Error e) {
                System.err.println("error: " + e);
                code = 1;
            } finally {
                synchronized (finished) {
                    finished.set(true);
                }
                System.out.flush();
                System.err.flush();
                stdout.to(log);
                stderr.to(log);
            }
            served++;
            try {
                synchronized (lock) {
                    DaemonProtocol.writeExit(out, code);
                }
            } catch (IOException e) {
                // the client went away; the run is over all the same
            }
        } finally {
            running.unlock();
        }
        log.println("cellbook daemon: " + String.join(" ", r.args()) + " -> exit " + code + " in "
                + Duration.between(t0, Instant.now()).toMillis() + " ms");
        if (rayConnected()) {
            exit("a run connected to Ray (one Ray connection per JVM)");
        }
        // The run's heap goes back once the daemon has been idle a few seconds, not right here: a
        // full collection at once held up the next run of a script (a replay took 0.28 s in the
        // daemon instead of 0.18 s), and JShell's first class-path indexing outlives a first run.
        collectWhenIdle = true;
    }

    /** Why this daemon must not run the request, or null when it may. */
    String mismatch(DaemonProtocol.Request r) {
        if (r.args().isEmpty() || !r.args().get(0).equals("run")) {
            return "the daemon runs only 'cellbook run'";
        }
        if (!Objects.equals(stamp(jar), jarStamp)) {
            return "the CLI was rebuilt since the daemon started; running in a new JVM (the daemon exits)";
        }
        if (!cwd.equals(r.cwd())) {
            return "the daemon serves " + cwd + ", not " + r.cwd() + "; running in a new JVM";
        }
        Map<String, String> theirs = comparableEnv(r.env());
        if (!env.equals(theirs)) {
            TreeMap<String, String> all = new TreeMap<>(env);
            all.putAll(theirs);
            String name = all.keySet().stream().filter(k -> !Objects.equals(env.get(k), theirs.get(k))).findFirst().orElse("?");
            return "environment variable " + name + " differs from the daemon's; running in a new JVM"
                    + " (restart the daemon from this shell to use it)";
        }
        return null;
    }

    static Map<String, String> comparableEnv(Map<String, String> env) {
        Map<String, String> m = new TreeMap<>(env);
        m.keySet().removeAll(VOLATILE_ENV);
        return m;
    }

    private String status() {
        Runtime rt = Runtime.getRuntime();
        long usedMib = (rt.totalMemory() - rt.freeMemory()) >> 20;
        Duration idleFor = Duration.between(lastActivity, Instant.now());
        return "running: pid " + ProcessHandle.current().pid() + ", up " + Duration.between(started, Instant.now()).toSeconds()
                + " s, " + served + " run(s) served, " + (running.isLocked() ? "busy" : "idle " + idleFor.toSeconds() + " s")
                + ", heap " + usedMib + " MiB used of " + (rt.totalMemory() >> 20) + " MiB\n"
                + "directory: " + cwd + "\nsocket: " + socket + "\nexits after " + idle.toMinutes() + " idle minutes";
    }

    private void exitWhenIdle() {
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            if (collectWhenIdle && !running.isLocked() && Duration.between(lastActivity, Instant.now()).toSeconds() >= IDLE_COLLECT_SECONDS) {
                collectWhenIdle = false;
                System.gc();
            }
            if (!running.isLocked() && Duration.between(lastActivity, Instant.now()).compareTo(idle) > 0) {
                exit("idle for " + idle.toMinutes() + " minutes");
            }
        }
    }

    private void exit(String why) {
        retiring = true;
        log.println("cellbook daemon: exiting: " + why);
        log.flush();
        removeSocket();
        System.exit(0);
    }

    private void removeSocket() {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the next daemon removes a stale socket itself
        }
    }

    private static void say(DataOutputStream out, String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        DaemonProtocol.writeFrame(out, DaemonProtocol.STDOUT, b, 0, b.length);
    }

    private static void decline(DataOutputStream out, String why) throws IOException {
        byte[] b = why.getBytes(StandardCharsets.UTF_8);
        DaemonProtocol.writeFrame(out, DaemonProtocol.DECLINED, b, 0, b.length);
    }

    static boolean answers(Path socket) {
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean rayConnected() {
        try {
            return io.ray.api.Ray.isInitialized();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static Path codeLocation() {
        try {
            return Path.of(DaemonServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell where the daemon's classes come from", e);
        }
    }

    private static FileTime stamp(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return null;
        }
    }

    /** System.out/err of the daemon: the current client's frames during a run, the log otherwise. */
    static final class RoutingStream extends OutputStream {
        private volatile OutputStream target = OutputStream.nullOutputStream();

        void to(OutputStream t) {
            target = t;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                target.write(b, off, len);
            } catch (IOException e) {
                target = OutputStream.nullOutputStream(); // the client left; the run goes on quietly
            }
        }

        @Override
        public void flush() {
            try {
                target.flush();
            } catch (IOException e) {
                target = OutputStream.nullOutputStream();
            }
        }
    }

    /** Bytes written become frames of one kind on the client's socket. */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte kind;
        private final Object lock;

        FrameStream(DataOutputStream out, byte kind, Object lock) {
            this.out = out;
            this.kind = kind;
            this.lock = lock;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (lock) {
                DaemonProtocol.writeFrame(out, kind, b, off, len);
            }
        }
    }
}
