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
 *
 * <p>Like ipykernel, text is batched: sent every {@link #FLUSH_MILLIS} ms, when 64 KiB piled up, before
 * a display message and at the end of a cell, so a loop printing many lines sends few messages and
 * {@code print} without a newline still shows up promptly.
 */
final class KernelOutput {
    static final long FLUSH_MILLIS = 100;

    private volatile ShellReplyEnvironment env;
    private volatile boolean stdinAllowed;
    private final StreamPublisher outPublisher = new StreamPublisher(PublishStream.StreamType.OUT);
    private final StreamPublisher errPublisher = new StreamPublisher(PublishStream.StreamType.ERR);
    final PrintStream out = new PrintStream(outPublisher, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errPublisher, true, StandardCharsets.UTF_8);
    final InputStream in = new FrontEndInput();

    KernelOutput() {
        Thread flusher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(FLUSH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        }, "cellbook-output-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    void attach(ShellReplyEnvironment env, boolean allowStdin) {
        this.env = env;
        this.stdinAllowed = allowStdin;
    }

    /** Sends what is buffered now (PrintStream's own flushes only move text into our buffers). */
    void flush() {
        out.flush();
        err.flush();
        outPublisher.publish();
        errPublisher.publish();
    }

    /** Buffers bytes; {@link #publish} sends them as one stream message. */
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
                publish();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            if (buffer.size() > 64 * 1024) {
                publish();
            }
        }

        synchronized void publish() {
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
            KernelOutput.this.flush(); // show the prompt printed before the read
            line = e.readFromStdIn("", false).getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return line.length > 0;
        }
    }
}
