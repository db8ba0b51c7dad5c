package org.cellbook.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cellbook.core.BadInputException;

/**
 * Line-oriented reading of text inputs that may be gzipped. Gzip is detected by its magic bytes,
 * never by the file name: some published 10x files are plain text named {@code .gz}. Read errors
 * become {@link BadInputException}s naming the file and line.
 */
public final class TextInput implements AutoCloseable {
    private final Path path;
    private final BufferedReader reader;
    private final boolean gzipped;
    private long lineNumber;

    private TextInput(Path path, BufferedReader reader, boolean gzipped) {
        this.path = path;
        this.reader = reader;
        this.gzipped = gzipped;
    }

    public static TextInput open(Path path) {
        InputStream in = openStream(path);
        return new TextInput(path, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16),
                in instanceof GZIPInputStream);
    }

    /** A decompressing (when gzipped) buffered stream over a file. */
    public static InputStream openStream(Path path) {
        try {
            BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try {
                    return new GZIPInputStream(raw, 1 << 16);
                } catch (EOFException | ZipException e) {
                    raw.close();
                    throw BadInputException.file(path, "broken gzip header (" + e.getMessage() + ")",
                            "the file is truncated or not really gzip; re-copy it from the Cell Ranger output");
                }
            }
            return raw;
        } catch (NoSuchFileException e) {
            throw BadInputException.file(path, "file not found", "check the path");
        } catch (IOException e) {
            throw BadInputException.file(path, "cannot read (" + e.getMessage() + ")", "check permissions and the disk");
        }
    }

    /** True when the file starts with gzip's magic bytes. */
    public static boolean isGzip(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line, or null at the end of the file. */
    public String readLine() {
        try {
            String line = reader.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (EOFException | ZipException e) {
            throw BadInputException.line(path, lineNumber + 1, "the gzip stream ends early or is corrupt ("
                    + e.getMessage() + ")", "the file is truncated; re-copy it from the Cell Ranger output");
        } catch (IOException e) {
            throw BadInputException.line(path, lineNumber + 1, "read error (" + e.getMessage() + ")", "check the disk");
        }
    }

    /** 1-based number of the last line returned. */
    public long lineNumber() {
        return lineNumber;
    }

    public Path path() {
        return path;
    }

    public boolean gzipped() {
        return gzipped;
    }

    /** An error at the current line. */
    public BadInputException error(String problem, String whatToDo) {
        return BadInputException.line(path, lineNumber, problem, whatToDo);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
