package org.cellbook.core.io;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;

/**
 * Reads any supported expression input with default options, choosing the reader from what the
 * path is: a Cell Ranger matrix directory ({@link TenxMtxReader}), a {@code .h5ad} file
 * ({@link H5adReader}) or a Cell Ranger {@code .h5} file ({@link TenxH5Reader}; an AnnData file
 * named {@code .h5} is recognised by its root attributes and read as h5ad).
 */
public final class Readers {
    private Readers() {
    }

    private static final String SUPPORTED = "give a Cell Ranger matrix directory (filtered_feature_bc_matrix/ or "
            + "filtered_gene_bc_matrices/<genome>/), a Cell Ranger .h5 file or an AnnData .h5ad file";

    /** What {@link #read} would do with a path. */
    public enum Kind { TENX_MTX, TENX_H5, H5AD }

    public static AnnData read(Path path) {
        ReadTracker.record(path);
        return switch (kind(path)) {
            case TENX_MTX -> TenxMtxReader.read(path);
            case TENX_H5 -> TenxH5Reader.read(path);
            case H5AD -> H5adReader.read(path);
        };
    }

    public static Kind kind(Path path) {
        if (!Files.exists(path)) {
            throw BadInputException.file(path, "does not exist", "check the path; " + SUPPORTED);
        }
        if (Files.isDirectory(path)) {
            // Fails with the mtx reader's explanation (it lists the directory) when files are missing.
            TenxMtxReader.Layout.find(path, "");
            return Kind.TENX_MTX;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5ad")) {
            return Kind.H5AD;
        }
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return isAnnData(path) ? Kind.H5AD : Kind.TENX_H5;
        }
        if (name.endsWith(".mtx") || name.endsWith(".mtx.gz")) {
            throw BadInputException.file(path, "is a bare matrix file",
                    "give the directory that holds it with its features.tsv and barcodes.tsv");
        }
        throw BadInputException.file(path, "is not a supported input (by its name)", SUPPORTED);
    }

    private static boolean isAnnData(Path file) {
        if (!Hdf5Data.isHdf5(file)) {
            return false;
        }
        try (HdfFile h5 = Hdf5Data.open(file, SUPPORTED)) {
            return "anndata".equals(Hdf5Data.stringAttribute(h5, "encoding-type"));
        }
    }
}
