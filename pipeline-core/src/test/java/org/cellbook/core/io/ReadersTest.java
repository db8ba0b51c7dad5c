package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.env.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers.read picks the reader from what the path is. */
class ReadersTest {
    private static final Path REAL = Project.sharedRealData();
    private static final Path BL6 = REAL.resolve("djvdj-splen/BL6_GEX/filtered_feature_bc_matrix");

    @TempDir
    Path dir;

    @Test
    void matrixDirectoriesIncludingTheParentOfOneGenome() {
        assertEquals(Readers.Kind.TENX_MTX, Readers.kind(BL6));
        assertEquals(Readers.Kind.TENX_MTX, Readers.kind(REAL.resolve("scanpy-10x/1.2.0/filtered_gene_bc_matrices")));
        assertEquals(TenxMtxReader.read(BL6).x(), Readers.read(BL6).x());
    }

    @Test
    void tenxH5Files() {
        Path h5 = REAL.resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix.h5");
        assertEquals(Readers.Kind.TENX_H5, Readers.kind(h5));
        assertEquals(TenxH5Reader.read(h5).x(), Readers.read(h5).x());
    }

    @Test
    void h5adFilesAlsoWhenNamedH5() throws IOException {
        AnnData a = TenxMtxReader.read(BL6);
        Path h5ad = dir.resolve("bl6.h5ad");
        H5adWriter.write(a, h5ad);
        Path misnamed = Files.copy(h5ad, dir.resolve("bl6.h5"));
        assertEquals(Readers.Kind.H5AD, Readers.kind(h5ad));
        assertEquals(Readers.Kind.H5AD, Readers.kind(misnamed));
        assertEquals(a.x(), Readers.read(misnamed).x());
        assertEquals(a.obsNames(), Readers.read(h5ad).obsNames());
    }

    @Test
    void unsupportedFileSaysWhatIsSupported() throws IOException {
        Path csv = Files.writeString(dir.resolve("counts.csv"), "a,b\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Readers.read(csv));
        assertTrue(e.getMessage().contains(csv.toString()) && e.getMessage().contains(".h5ad"), e.getMessage());
    }

    @Test
    void bareMatrixFileAsksForItsDirectory() throws IOException {
        Path mtx = Files.writeString(dir.resolve("matrix.mtx"), "%%MatrixMarket matrix coordinate integer general\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Readers.read(mtx));
        assertTrue(e.getMessage().contains(mtx.toString()) && e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void missingPath() {
        Path none = dir.resolve("nothing-here");
        BadInputException e = assertThrows(BadInputException.class, () -> Readers.read(none));
        assertTrue(e.getMessage().contains(none.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void directoryWithoutAMatrix() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "x");
        BadInputException e = assertThrows(BadInputException.class, () -> Readers.read(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("notes.txt"), e.getMessage());
    }
}
