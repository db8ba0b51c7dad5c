package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per way a 10x .h5 or an .h5ad can be unusable: each error names the file and says what to do. */
class Hdf5BadInputTest {
    private static final Path V3 = Project.sharedRealData().resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix.h5");

    @TempDir
    Path dir;

    /** An HDF5 file built with jHDF (every group gets a dataset: jHDF 0.13 corrupts trailing empty groups). */
    private Path h5(String name, Consumer<WritableHdfFile> content) {
        Path file = dir.resolve(name);
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            content.accept(h5);
        }
        return file;
    }

    private static BadInputException fails(Path file, Runnable read) {
        BadInputException e = assertThrows(BadInputException.class, read::run);
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e;
    }

    private static void says(BadInputException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "mentions '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void tenxH5WithoutMatrixOrGenomeGroups() {
        Path file = h5("other.h5", h5 -> h5.putGroup("results").putDataset("values", new double[] {1, 2}));
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "neither a '/matrix' group", "[results]", "Cell Ranger");
    }

    @Test
    void tenxH5MatrixGroupMissingADataset() {
        Path file = h5("partial.h5", h5 -> {
            WritableGroup m = h5.putGroup("matrix");
            m.putDataset("shape", new int[] {3, 2});
            m.putDataset("data", new int[] {1, 2});
            m.putDataset("indices", new long[] {0, 2});
            m.putDataset("barcodes", new String[] {"A-1", "B-1"});
        });
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "'/matrix/indptr'", "re-copy");
    }

    @Test
    void tenxH5WithoutFeaturesGroup() {
        Path file = h5("nofeatures.h5", h5 -> {
            WritableGroup m = h5.putGroup("matrix");
            m.putDataset("shape", new int[] {3, 2});
            m.putDataset("data", new int[] {1, 2});
            m.putDataset("indices", new long[] {0, 2});
            m.putDataset("indptr", new long[] {0, 1, 2});
            m.putDataset("barcodes", new String[] {"A-1", "B-1"});
        });
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "'/matrix/features'", "re-copy");
    }

    @Test
    void tenxH5WithInconsistentSparseArrays() {
        Path file = h5("inconsistent.h5", h5 -> {
            WritableGroup m = h5.putGroup("matrix");
            m.putDataset("shape", new int[] {3, 2});
            m.putDataset("data", new int[] {1, 2});
            m.putDataset("indices", new long[] {0, 7});
            m.putDataset("indptr", new long[] {0, 1, 2});
            m.putDataset("barcodes", new String[] {"A-1", "B-1"});
            WritableGroup f = m.putGroup("features");
            f.putDataset("id", new String[] {"G1", "G2", "G3"});
            f.putDataset("name", new String[] {"a", "b", "c"});
            f.putDataset("feature_type", new String[] {"Gene Expression", "Gene Expression", "Gene Expression"});
        });
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "inconsistent", "column index 7");
    }

    @Test
    void tenxH5ThatIsReallyAnH5ad() {
        Path file = h5("data.h5", h5 -> {
            h5.putAttribute("encoding-type", "anndata");
            h5.putGroup("obs").putDataset("_index", new String[] {"a"});
        });
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "AnnData .h5ad", "H5adReader");
    }

    @Test
    void notAnHdf5FileAtAll() throws IOException {
        Path file = Files.writeString(dir.resolve("matrix.h5"), "barcode,gene\n");
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "not a readable HDF5 file");
    }

    @Test
    void truncatedHdf5File() throws IOException {
        byte[] all = Files.readAllBytes(V3);
        Path file = Files.write(dir.resolve("truncated.h5"), Arrays.copyOf(all, all.length / 3));
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "re-");
    }

    @Test
    void missingH5File() {
        Path file = dir.resolve("absent.h5");
        BadInputException e = fails(file, () -> TenxH5Reader.read(file));
        says(e, "file not found", "check the path");
    }

    @Test
    void h5adWithoutX() {
        Path file = h5("noX.h5ad", h5 -> {
            h5.putAttribute("encoding-type", "anndata");
            h5.putGroup("obs").putDataset("_index", new String[] {"a"});
        });
        BadInputException e = fails(file, () -> H5adReader.read(file));
        says(e, "has no X", "re-save");
    }

    @Test
    void h5adWithoutObs() {
        Path file = h5("noObs.h5ad", h5 -> h5.putDataset("X", new float[][] {{1, 2}}));
        BadInputException e = fails(file, () -> H5adReader.read(file));
        says(e, "'/obs'", "not an AnnData file");
    }

    @Test
    void h5adFromAnOldAnndata() {
        Path file = h5("old.h5ad", h5 -> {
            h5.putDataset("X", new float[][] {{1, 2}});
            WritableGroup obs = h5.putGroup("obs");
            obs.putAttribute("encoding-type", "dataframe");
            obs.putAttribute("encoding-version", "0.1.0");
            obs.putDataset("_index", new String[] {"a"});
        });
        BadInputException e = fails(file, () -> H5adReader.read(file));
        says(e, "version 0.2.0", "re-save it with a recent anndata");
    }

    @Test
    void h5adObsWithTheWrongNumberOfRows() {
        Path file = h5("rows.h5ad", h5 -> {
            h5.putDataset("X", new float[][] {{1, 2}});
            for (String frame : new String[] {"obs", "var"}) {
                WritableGroup g = h5.putGroup(frame);
                g.putAttribute("encoding-type", "dataframe");
                g.putAttribute("encoding-version", "0.2.0");
                g.putAttribute("_index", "_index");
                g.putAttribute("column-order", "");
                g.putDataset("_index", frame.equals("obs") ? new String[] {"a", "b"} : new String[] {"g1", "g2"});
            }
        });
        BadInputException e = fails(file, () -> H5adReader.read(file));
        says(e, "'/obs' has 2 rows but X has 1");
    }
}
