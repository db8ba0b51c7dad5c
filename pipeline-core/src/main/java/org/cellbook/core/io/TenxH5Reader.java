package org.cellbook.core.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.EnumDataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.Names;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads a Cell Ranger {@code .h5} matrix the way scanpy's
 * {@code read_10x_h5(filename, genome=None, gex_only=True)} does.
 *
 * <ul>
 *   <li><b>v3+</b> ({@code /matrix} group): var_names from {@code features/name}; var columns
 *       {@code gene_ids} (and {@code probe_ids} for probe-barcode matrices), {@code feature_types},
 *       then every other {@code features/} dataset (for example {@code genome}) in name order;
 *       obs column {@code filtered_barcodes} when present. {@code genome} keeps that genome's
 *       features (error listing the available ones when absent); {@code gexOnly} then keeps
 *       "Gene Expression" features.</li>
 *   <li><b>v2 legacy</b> (one group per genome): the genome must be given when there are several
 *       (the error lists them, as scanpy's does); var column {@code gene_ids}.</li>
 * </ul>
 *
 * <p>Deviations, each for a reason: X is always float32 (scanpy keeps a float64 or int64 matrix
 * as stored; Cell Ranger writes int32, which both convert to float32). scanpy leaves duplicate gene
 * names as they are (anndata warns, and users call {@code var_names_make_unique()} next); this
 * container requires unique names, so they are made unique with the same algorithm after the
 * filters. Numeric feature metadata becomes strings as with {@code astype(str)}, except that
 * floats print in Java's notation.
 */
public final class TenxH5Reader {
    private TenxH5Reader() {
    }

    /** scanpy's keyword arguments; {@link #defaults()} is scanpy's default. */
    public record Options(String genome, boolean gexOnly) {
        public static Options defaults() {
            return new Options(null, true);
        }

        public Options withGenome(String g) {
            return new Options(g, gexOnly);
        }

        public Options withGexOnly(boolean v) {
            return new Options(genome, v);
        }
    }

    private static final String WHAT_TO_DO =
            "this is not a Cell Ranger filtered_feature_bc_matrix.h5 (v3) or filtered_gene_bc_matrices_h5.h5 (v2) "
                    + "file, or it is truncated; re-copy it from the Cell Ranger output";

    public static AnnData read(Path file) {
        return read(file, Options.defaults());
    }

    public static AnnData read(Path file, Options options) {
        try (HdfFile h5 = Hdf5Data.open(file, WHAT_TO_DO)) {
            return Hdf5Data.reading(file, WHAT_TO_DO, () -> Hdf5Data.child(h5, "matrix") instanceof Group matrix
                    ? readV3(file, matrix, options)
                    : readLegacy(file, h5, options.genome()));
        }
    }

    // ---------------------------------------------------------------- v3

    private static AnnData readV3(Path file, Group matrix, Options options) {
        CsrMatrix x = matrix(file, matrix);
        List<String> barcodes = List.of(Hdf5Data.strings(file, Hdf5Data.dataset(file, matrix, "barcodes", WHAT_TO_DO)));
        Node featuresNode = Hdf5Data.child(matrix, "features");
        if (!(featuresNode instanceof Group features)) {
            throw BadInputException.file(file, "has no HDF5 group '/matrix/features' (10x h5 has no features group)",
                    WHAT_TO_DO);
        }
        List<String> names = strings(file, features, "name");
        List<Column<?>> varColumns = new ArrayList<>();
        if (Hdf5Data.child(features, "gene_id") == null) {
            varColumns.add(StringColumn.create("gene_ids", strings(file, features, "id")));
        } else {
            varColumns.add(StringColumn.create("gene_ids", strings(file, features, "gene_id")));
            varColumns.add(StringColumn.create("probe_ids", strings(file, features, "id")));
        }
        List<String> types = strings(file, features, "feature_type");
        varColumns.add(StringColumn.create("feature_types", types));
        // h5py lists a group's members by name; scanpy adds the remaining feature datasets in that order.
        TreeMap<String, Node> extras = new TreeMap<>(features.getChildren());
        for (String skip : List.of("name", "feature_type", "id", "gene_id", "_all_tag_keys")) {
            extras.remove(skip);
        }
        for (var e : extras.entrySet()) {
            if (e.getValue() instanceof Dataset d) {
                varColumns.add(featureColumn(file, e.getKey(), d));
            }
        }
        Table var = Table.create("var", varColumns);
        Table obs = Table.create("obs");
        if (Hdf5Data.child(matrix, "filtered_barcodes") instanceof Dataset fb) {
            obs = Table.create("obs", BooleanColumn.create("filtered_barcodes", booleans(file, fb)));
        }
        checkLength(file, names.size(), x.nCols(), "/matrix/features/name", "genes");
        checkLength(file, barcodes.size(), x.nRows(), "/matrix/barcodes", "cells");
        if (obs.columnCount() > 0) {
            checkLength(file, obs.rowCount(), x.nRows(), "/matrix/filtered_barcodes", "cells");
        }

        int[] keep = allIndices(names.size());
        if (options.genome() != null) {
            if (!var.containsColumn("genome")) {
                throw BadInputException.parameter("genome", file + " has no '/matrix/features/genome' dataset, so "
                        + "features cannot be selected by genome", "read it without a genome");
            }
            List<String> genomes = var.stringColumn("genome").asList();
            if (!genomes.contains(options.genome())) {
                throw BadInputException.parameter("genome", "could not find data corresponding to genome '"
                        + options.genome() + "' in " + file, "available genomes are: "
                        + new ArrayList<>(new LinkedHashSet<>(genomes)));
            }
            keep = filter(keep, i -> genomes.get(i).equals(options.genome()));
        }
        if (options.gexOnly()) {
            keep = filter(keep, i -> types.get(i).equals(TenxMtxReader.GENE_EXPRESSION));
        }
        return assemble(file, x, barcodes, names, obs, var, keep);
    }

    private static Column<?> featureColumn(Path file, String name, Dataset d) {
        if (d.getDataType() instanceof EnumDataType) {
            return BooleanColumn.create(name, booleans(file, d));
        }
        Object data = Hdf5Data.data(file, d);
        if (data instanceof String[] s) {
            return StringColumn.create(name, s);
        }
        int n = java.lang.reflect.Array.getLength(data);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = String.valueOf(java.lang.reflect.Array.get(data, i));
        }
        return StringColumn.create(name, out);
    }

    // ---------------------------------------------------------------- v2

    private static AnnData readLegacy(Path file, HdfFile h5, String genome) {
        if ("anndata".equals(Hdf5Data.stringAttribute(h5, "encoding-type"))) {
            throw BadInputException.file(file, "is an AnnData .h5ad file, not a Cell Ranger .h5",
                    "read it with H5adReader (or name it .h5ad so Readers.read picks the right reader)");
        }
        // h5py lists top-level members by name; scanpy's messages list them in that order.
        List<String> children = new ArrayList<>(new TreeMap<>(h5.getChildren()).keySet());
        List<String> genomes = children.stream()
                .filter(c -> h5.getChildren().get(c) instanceof Group g && Hdf5Data.child(g, "data") != null)
                .toList();
        if (genomes.isEmpty()) {
            throw BadInputException.file(file, "has neither a '/matrix' group (Cell Ranger v3+) nor genome groups "
                    + "holding 'data' (Cell Ranger v2); top-level members: " + children, WHAT_TO_DO);
        }
        String chosen;
        if (genome == null) {
            if (genomes.size() > 1) {
                throw BadInputException.parameter("genome", file + " contains more than one genome. "
                        + "For legacy 10x h5 files you must specify the genome if more than one is present",
                        "available genomes are: " + genomes);
            }
            chosen = genomes.get(0);
        } else if (!genomes.contains(genome)) {
            throw BadInputException.parameter("genome", "could not find genome '" + genome + "' in " + file,
                    "available genomes are: " + genomes);
        } else {
            chosen = genome;
        }
        Group g = (Group) h5.getChildren().get(chosen);
        CsrMatrix x = matrix(file, g);
        List<String> barcodes = strings(file, g, "barcodes");
        List<String> names = strings(file, g, "gene_names");
        List<String> ids = strings(file, g, "genes");
        String where = "/" + chosen + "/";
        checkLength(file, names.size(), x.nCols(), where + "gene_names", "genes");
        checkLength(file, ids.size(), x.nCols(), where + "genes", "genes");
        checkLength(file, barcodes.size(), x.nRows(), where + "barcodes", "cells");
        Table var = Table.create("var", StringColumn.create("gene_ids", ids));
        return assemble(file, x, barcodes, names, Table.create("obs"), var, allIndices(names.size()));
    }

    // ---------------------------------------------------------------- shared

    /** The stored CSC genes x cells matrix, which is the CSR cells x genes matrix scanpy builds. */
    private static CsrMatrix matrix(Path file, Group g) {
        long[] shape = Hdf5Data.longs(file, Hdf5Data.dataset(file, g, "shape", WHAT_TO_DO));
        if (shape.length != 2 || shape[0] < 0 || shape[1] < 0 || shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
            throw BadInputException.file(file, "'" + Hdf5Data.join(g, "shape") + "' is " + Arrays.toString(shape)
                    + ", expected two non-negative sizes (genes, cells)", WHAT_TO_DO);
        }
        int nGenes = (int) shape[0];
        int nCells = (int) shape[1];
        float[] data = Hdf5Data.floats(file, Hdf5Data.dataset(file, g, "data", WHAT_TO_DO));
        int[] indices = Hdf5Data.ints(file, Hdf5Data.dataset(file, g, "indices", WHAT_TO_DO));
        long[] indptr = Hdf5Data.longs(file, Hdf5Data.dataset(file, g, "indptr", WHAT_TO_DO));
        try {
            return CsrMatrix.of(nCells, nGenes, indptr, indices, data);
        } catch (IllegalArgumentException e) {
            throw BadInputException.file(file, "the sparse matrix in '" + Hdf5Data.path(g) + "' is inconsistent ("
                    + e.getMessage() + ")", WHAT_TO_DO);
        }
    }

    private static AnnData assemble(Path file, CsrMatrix x, List<String> barcodes, List<String> names, Table obs,
                                    Table var, int[] keep) {
        List<String> dup = AnnData.duplicates(barcodes);
        if (!dup.isEmpty()) {
            throw BadInputException.file(file, "barcodes repeat (for example " + dup.subList(0, Math.min(5, dup.size()))
                    + ")", "each cell needs a unique barcode; the file is corrupt, re-copy it");
        }
        List<String> varNames = names;
        if (keep.length < names.size()) {
            x = x.selectCols(keep);
            var = var.rows(keep);
            varNames = new ArrayList<>(keep.length);
            for (int i : keep) {
                varNames.add(names.get(i));
            }
        }
        return AnnData.builder(x, barcodes, Names.makeUnique(varNames)).obs(obs).var(var).build();
    }

    private static List<String> strings(Path file, Group g, String name) {
        return List.of(Hdf5Data.strings(file, Hdf5Data.dataset(file, g, name, WHAT_TO_DO)));
    }

    /** Booleans as h5py stores them (an enum, read by jHDF as "TRUE"/"FALSE") or as 0/1 integers. */
    static boolean[] booleans(Path file, Dataset d) {
        Object data = Hdf5Data.data(file, d);
        int n = java.lang.reflect.Array.getLength(data);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object v = java.lang.reflect.Array.get(data, i);
            out[i] = switch (v) {
                case Boolean b -> b;
                case String s -> s.equalsIgnoreCase("TRUE");
                case Number num -> num.longValue() != 0;
                default -> throw BadInputException.file(file, "HDF5 dataset '" + Hdf5Data.path(d) + "' holds "
                        + v + ", expected booleans", WHAT_TO_DO);
            };
        }
        return out;
    }

    private static void checkLength(Path file, int found, int expected, String dataset, String what) {
        if (found != expected) {
            throw BadInputException.file(file, "'" + dataset + "' has " + found + " entries but the matrix has "
                    + expected + " " + what, WHAT_TO_DO);
        }
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static int[] filter(int[] at, java.util.function.IntPredicate keep) {
        return Arrays.stream(at).filter(keep).toArray();
    }
}
