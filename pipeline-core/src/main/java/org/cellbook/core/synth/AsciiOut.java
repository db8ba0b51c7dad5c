package org.cellbook.core.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Fast ASCII output for the large text files (a matrix.mtx holds 10^8 lines): numbers are
 * formatted straight into a byte buffer instead of through strings.
 *
 * <p>{@link #gzip} writes gzip with a fixed header: the JDK's GZIPOutputStream stores no file
 * name and a zero modification time, so equal content gives equal bytes (for a given zlib).
 */
final class AsciiOut implements AutoCloseable {
    /**
     * zlib level 1: on matrix.mtx text it is about 5x faster than the default level 6 for files
     * about 20% larger, and compression is most of the time spent writing a large cohort.
     */
    static final int GZIP_LEVEL = 1;

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] digits = new byte[20];
    private int pos;

    AsciiOut(OutputStream out) {
        this.out = out;
    }

    static AsciiOut gzip(OutputStream raw) throws IOException {
        return new AsciiOut(new GZIPOutputStream(raw, 1 << 16) {
            {
                def.setLevel(GZIP_LEVEL);
            }
        });
    }

    AsciiOut text(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > buf.length - pos) {
            flushBuffer();
            if (b.length > buf.length) {
                out.write(b);
                return this;
            }
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    AsciiOut ch(char c) throws IOException {
        if (pos == buf.length) {
            flushBuffer();
        }
        buf[pos++] = (byte) c;
        return this;
    }

    /** A non-negative integer in decimal. */
    AsciiOut number(long v) throws IOException {
        if (buf.length - pos < 20) {
            flushBuffer();
        }
        if (v == 0) {
            buf[pos++] = '0';
            return this;
        }
        int n = 0;
        while (v > 0) {
            digits[n++] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        while (n > 0) {
            buf[pos++] = digits[--n];
        }
        return this;
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    @Override
    public void close() throws IOException {
        flushBuffer();
        out.close();
    }
}
