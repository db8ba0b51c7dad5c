package org.cellbook.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.cellbook.core.BadInputException;
import org.cellbook.daemon.DaemonServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cellbook daemon serve}: the resident JVM behind {@code ./cellbook daemon start}. The
 * launcher starts it (with the notebook runs' JVM options and class cache) and talks to it through
 * {@link org.cellbook.daemon.DaemonClient}; {@code start}, {@code stop} and {@code status} live in
 * the launcher, which knows the socket's place.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Keep one JVM resident so `./cellbook run` skips start-up and warm-up.",
                "Use the launcher: ./cellbook daemon start [--idle-minutes N] | status | stop."},
        subcommands = DaemonCommand.Serve.class)
final class DaemonCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve `cellbook run` requests on a Unix domain socket until stopped or idle (the launcher's `daemon start` runs this).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--socket", required = true, paramLabel = "PATH", description = "socket to listen on (its folder is made private)")
        Path socket;

        @Option(names = "--idle-minutes", paramLabel = "N", defaultValue = "30", description = "exit after N minutes without a request (default ${DEFAULT-VALUE})")
        int idleMinutes;

        @Override
        public Integer call() throws Exception {
            if (idleMinutes < 1) {
                throw BadInputException.parameter("--idle-minutes", "must be at least 1, got " + idleMinutes, "pass 1 or more");
            }
            // Unix domain socket paths are limited to 107 bytes by the kernel.
            if (socket.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 100) {
                throw BadInputException.parameter("--socket", "path too long for a Unix domain socket: " + socket.toAbsolutePath(),
                        "set CELLBOOK_DAEMON_DIR to a shorter folder");
            }
            return new DaemonServer(socket, Duration.ofMinutes(idleMinutes), args -> Main.execute(args.toArray(String[]::new)),
                    org.cellbook.runtime.NotebookExecutor::interruptRunning, System.err).serve();
        }
    }
}
