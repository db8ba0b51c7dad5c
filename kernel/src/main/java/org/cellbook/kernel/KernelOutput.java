package org.cellbook.kernel;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * System.out, System.err and System.in for cells. Text goes to the front end as {@code stream}
 * messages of the current request (after a cell ends, to the last one, so late output from background
 * threads is not lost); reads become {@code input_request}s when the request allows stdin.
 */
final class KernelOutput {
    private volatile ShellReplyEnvironment env;
    private volatile boolean stdinAllowed;
    final PrintStream out = new PrintStream(new StreamPublisher(PublishStream.StreamType.OUT), true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(new StreamPublisher(PublishStream.StreamType.ERR), true, StandardCharsets.UTF_8);
    final InputStream in = new FrontEndInput();

    void attach(ShellReplyEnvironment env, boolean allowStdin) {
        this.env = env;
        this.stdinAllowed = allowStdin;
    }

    void flush() {
        out.flush();
        err.flush();
    }

    /** Buffers bytes and publishes them on newline or flush (PrintStream flushes on println). */
    private final class StreamPublisher extends OutputStream {
        private final PublishStream.StreamType type;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        StreamPublisher(PublishStream.StreamType type) {
            this.type = type;
        }

        @Override
        public synchronized void write(int b) {
            buffer.write(b);
            if (buffer.size() > 64 * 1024) {
                flush();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            if (buffer.size() > 64 * 1024) {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            if (buffer.size() == 0) {
                return;
            }
            String text = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            ShellReplyEnvironment e = env;
            if (e != null) {
                e.publish(new PublishStream(type, text));
            }
        }
    }

    /** Reads a line from the front end when a cell first reads System.in. */
    private final class FrontEndInput extends InputStream {
        private byte[] line = new byte[0];
        private int pos;

        @Override
        public synchronized int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return line[pos++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (pos < line.length) {
                return true;
            }
            ShellReplyEnvironment e = env;
            if (e == null || !stdinAllowed) {
                throw new IOException("this front end does not accept input (allow_stdin is false)");
            }
            flush();
            line = e.readFromStdIn("", false).getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return line.length > 0;
        }
    }
}
