package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;

/** What the writer refuses (jHDF 0.13 limits, anndata's rules) and that a failed write leaves nothing behind. */
class H5adWriterTest {
    @TempDir
    Path dir;

    private static AnnData small() {
        return AnnData.builder(DenseMatrix.ofRows(new double[][] {{1, 0}, {0, 2}, {3, 0}}),
                List.of("c1", "c2", "c3"), List.of("g1", "g2")).build();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aFailedWriteLeavesNeitherTheFileNorATemporary() throws IOException {
        AnnData bad = small().withObsColumn(StringColumn.create("_index", "a", "b", "c"));
        Path target = dir.resolve("out.h5ad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> H5adWriter.write(bad, target));
        assertTrue(e.getMessage().contains("'_index' is a reserved name"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void aFailedWriteKeepsAnEarlierFileIntact() throws IOException {
        Path target = dir.resolve("out.h5ad");
        H5adWriter.write(small(), target);
        byte[] before = Files.readAllBytes(target);
        AnnData bad = small().withObsm("a/b", DenseMatrix.zeros(3, 1));
        assertThrows(IllegalArgumentException.class, () -> H5adWriter.write(bad, target));
        assertEquals(List.of(target), files());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(target)));
    }

    @Test
    void matricesWithoutStoredValuesAreRefusedWithTheReason() {
        AnnData empty = AnnData.builder(CsrMatrix.empty(2, 2), List.of("a", "b"), List.of("x", "y")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> H5adWriter.write(empty, dir.resolve("e.h5ad")));
        assertTrue(e.getMessage().contains("jHDF 0.13 cannot write"), e.getMessage());
    }

    @Test
    void missingIntegersAndBooleansBecomeNaNAndAllMissingStringsToo() throws IOException {
        IntColumn counts = IntColumn.create("counts", 4, 5, 6);
        counts.setMissing(1);
        BooleanColumn flag = BooleanColumn.create("flag", true, false, true);
        flag.setMissing(0);
        StringColumn nothing = StringColumn.create("nothing", 3);
        AnnData a = small().withObsColumn(counts).withObsColumn(flag).withObsColumn(nothing);
        Path f = dir.resolve("nan.h5ad");
        H5adWriter.write(a, f);
        AnnData back = H5adReader.read(f);
        var backCounts = back.obs().doubleColumn("counts");
        assertEquals(4.0, backCounts.getDouble(0));
        assertTrue(Double.isNaN(backCounts.getDouble(1)));
        assertEquals(6.0, backCounts.getDouble(2));
        var backFlag = back.obs().doubleColumn("flag");
        assertTrue(Double.isNaN(backFlag.getDouble(0)));
        assertEquals(0.0, backFlag.getDouble(1));
        assertEquals(1.0, backFlag.getDouble(2));
        var backNothing = back.obs().doubleColumn("nothing");
        for (int i = 0; i < 3; i++) {
            assertTrue(Double.isNaN(backNothing.getDouble(i)));
        }
    }
}
