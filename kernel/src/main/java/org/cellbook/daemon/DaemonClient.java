package org.cellbook.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code java -cp cellbook.jar org.cellbook.daemon.DaemonClient SOCKET OP [ARGS...]}: hands a
 * command to a running {@link DaemonServer} and relays its output and exit code. OP is {@code run}
 * (ARGS are the CLI's, e.g. {@code run nb.ipynb -f config.yaml}), {@code status} or {@code stop}.
 * Exits {@link DaemonProtocol#EXIT_DECLINED} without output of the command when there is no daemon
 * or it declined (other build, directory or environment): the launcher then starts a fresh JVM.
 */
public final class DaemonClient {
    private DaemonClient() {
    }

    public static void main(String[] argv) {
        if (argv.length < 2) {
            System.err.println("usage: DaemonClient SOCKET run|status|stop [ARGS...]");
            System.exit(2);
        }
        System.exit(call(Path.of(argv[0]), argv[1], Arrays.asList(argv).subList(2, argv.length),
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err)));
    }

    /** Sends one request and relays the answer; returns the exit code to use. */
    static int call(Path socket, String op, List<String> args, OutputStream stdout, OutputStream stderr) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            // Refused: the socket file outlived its daemon (killed); nobody listens, so it only misleads.
            boolean removed = e instanceof java.net.ConnectException && socket.toFile().delete();
            note(stderr, "no daemon is answering on " + socket + (removed ? " (removed that stale socket)" : "")
                    + ("run".equals(op) ? "; running in a new JVM" : ""));
            return DaemonProtocol.EXIT_DECLINED;
        }
        try (ch) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            DaemonProtocol.writeRequest(out, new DaemonProtocol.Request(op, Path.of("").toAbsolutePath().toString(),
                    new TreeMap<>(System.getenv()), args));
            while (true) {
                byte kind = in.readByte();
                int len = in.readInt();
                byte[] payload = in.readNBytes(len);
                switch (kind) {
                    case DaemonProtocol.STDOUT -> stdout.write(payload);
                    case DaemonProtocol.STDERR -> stderr.write(payload);
                    case DaemonProtocol.EXIT -> {
                        stdout.flush();
                        stderr.flush();
                        return java.nio.ByteBuffer.wrap(payload).getInt();
                    }
                    case DaemonProtocol.DECLINED -> {
                        note(stderr, new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                        return DaemonProtocol.EXIT_DECLINED;
                    }
                    default -> throw new IOException("unknown frame kind " + kind);
                }
            }
        } catch (EOFException e) {
            note(stderr, "the daemon closed the connection before the command finished (see kernel/target/daemon/daemon.log)");
            return 1;
        } catch (IOException e) {
            note(stderr, "lost the daemon: " + e.getMessage());
            return 1;
        }
    }

    private static void note(OutputStream stderr, String message) {
        try {
            stderr.write(("cellbook: daemon: " + message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stderr.flush();
        } catch (IOException ignored) {
            // nowhere left to say it
        }
    }
}
