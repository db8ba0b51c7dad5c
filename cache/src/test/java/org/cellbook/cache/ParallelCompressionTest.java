package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data files are compressed block by block on several threads: the file must hold exactly the
 * bytes a one-processor JVM writes (inline compression), and read back to the value.
 */
class ParallelCompressionTest {
    @TempDir
    Path tmp;

    @Test
    void filesAreTheSameBytesWithOneProcessorOrMany() throws Exception {
        Path here = tmp.resolve("here.bin");
        DataFile.Written w = DataFile.write(here, Codecs.DOUBLE_ARRAY, BlockFileMain.value());
        assertTrue(w.valueBytes() > 4L * DataFile.BLOCK_SIZE, "several blocks: " + w.valueBytes());

        Path single = tmp.resolve("single.bin");
        Path log = tmp.resolve("child.log");
        Process p = ChildJvm.start(List.of("-XX:ActiveProcessorCount=1"), BlockFileMain.class, log, single.toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
        assertEquals(0, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("written with 1 processors"), Files.readString(log));

        assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(here), "same bytes on 1 and "
                + Runtime.getRuntime().availableProcessors() + " processors");
        DataFile.Verified v = DataFile.verify(here);
        EntryMetadata meta = new EntryMetadata(EntryMetadata.FORMAT, "k", Section.DATA, "t", "t", "1", java.util.Map.of(),
                java.util.List.of(), v.codecTag(), v.valueBytes(), v.fileBytes(), DataFile.checksumText(v.checksum()), "now", 0);
        assertArrayEquals(BlockFileMain.value(), DataFile.read(here, meta, Codecs.DOUBLE_ARRAY));
    }
}
