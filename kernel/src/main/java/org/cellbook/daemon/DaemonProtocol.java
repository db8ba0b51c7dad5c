package org.cellbook.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format between {@link DaemonClient} and {@link DaemonServer} over a Unix domain socket.
 * JDK-only on purpose: the client's start-up is the whole point, so it must not load picocli,
 * Jackson or anything of the pipeline.
 *
 * <p>Request: magic, version, op, working directory, environment (count, then key/value pairs),
 * arguments (count, then each). Strings are length-prefixed UTF-8 (writeUTF stops at 64 KiB).
 * Response: frames of a kind byte and a payload: {@link #STDOUT} and {@link #STDERR} carry bytes,
 * {@link #EXIT} an exit code, {@link #DECLINED} a reason (the client then exits with
 * {@link #EXIT_DECLINED} and the launcher runs the command in a new JVM).
 */
public final class DaemonProtocol {
    static final int MAGIC = 0xCE11B00C;
    static final int VERSION = 1;

    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte EXIT = 3;
    static final byte DECLINED = 4;

    /** The client's exit code when the daemon did not run the command (EX_TEMPFAIL of sysexits.h). */
    public static final int EXIT_DECLINED = 75;

    private DaemonProtocol() {
    }

    record Request(String op, String cwd, Map<String, String> env, List<String> args) {
    }

    static void writeRequest(DataOutputStream out, Request r) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        writeString(out, r.op());
        writeString(out, r.cwd());
        out.writeInt(r.env().size());
        for (Map.Entry<String, String> e : r.env().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.writeInt(r.args().size());
        for (String a : r.args()) {
            writeString(out, a);
        }
        out.flush();
    }

    static Request readRequest(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a cellbook daemon request");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("protocol version " + version + ", this daemon speaks " + VERSION);
        }
        String op = readString(in);
        String cwd = readString(in);
        int nEnv = count(in);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < nEnv; i++) {
            env.put(readString(in), readString(in));
        }
        int nArgs = count(in);
        List<String> args = new ArrayList<>(nArgs);
        for (int i = 0; i < nArgs; i++) {
            args.add(readString(in));
        }
        return new Request(op, cwd, env, args);
    }

    static void writeFrame(DataOutputStream out, byte kind, byte[] payload, int off, int len) throws IOException {
        out.writeByte(kind);
        out.writeInt(len);
        out.write(payload, off, len);
        out.flush();
    }

    static void writeExit(DataOutputStream out, int code) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(code);
        out.flush();
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[count(in)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("bad length " + n + " in a daemon message");
        }
        return n;
    }
}
