package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesReadableFile() throws Exception {
        Path f = dir.resolve("sub/out.txt");
        AtomicWrite.writeString(f, "one");
        AtomicWrite.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temporary file may remain");
        }
    }

    @Test
    void failureKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
        Path f = dir.resolve("out.txt");
        AtomicWrite.writeString(f, "old");
        assertThrows(UncheckedIOException.class, () -> AtomicWrite.write(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file may remain");
        }
    }
}
