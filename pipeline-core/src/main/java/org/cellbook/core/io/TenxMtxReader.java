package org.cellbook.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.Names;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads a Cell Ranger matrix directory the way scanpy's {@code read_10x_mtx} does: v3+
 * {@code filtered_feature_bc_matrix/} (matrix.mtx, features.tsv, barcodes.tsv) or v2
 * {@code filtered_gene_bc_matrices/<genome>/} (genes.tsv instead of features.tsv). Each file may
 * be gzipped or not, whatever its name says (gzip is recognised by its magic bytes). The path may
 * also be the parent of a single genome directory.
 *
 * <p>Result: X is cells x genes float32 CSR; obs_names are the barcodes; var_names are gene
 * symbols (or ids) made unique with anndata's algorithm over <em>all</em> features before the
 * Gene Expression filter, exactly as scanpy orders those steps; var holds {@code gene_ids} (or
 * {@code gene_symbols} when ids are the names) and, for v3, {@code feature_types}. obs has no
 * columns.
 *
 * <p>Deviations from scanpy, each for a reason:
 * <ul>
 *   <li>scanpy requires the v3 files to be named {@code .gz}; any of the two spellings is read here.</li>
 *   <li>With {@code var_names = GENE_IDS} and duplicate ids, scanpy keeps the duplicates (anndata
 *       warns); this container requires unique names, so {@code makeUnique} applies to ids too
 *       (a no-op on real Cell Ranger output, whose ids are unique).</li>
 *   <li>Identifier columns stay strings even when every id is an integer (pandas would infer int64).</li>
 * </ul>
 */
public final class TenxMtxReader {
    private TenxMtxReader() {
    }

    /** What names the genes. */
    public enum VarNames { GENE_SYMBOLS, GENE_IDS }

    /** scanpy's {@code read_10x_mtx} keyword arguments; {@link #defaults()} matches scanpy's defaults. */
    public record Options(VarNames varNames, boolean makeUnique, boolean gexOnly, String prefix) {
        public Options {
            if (varNames == null) {
                throw BadInputException.parameter("var_names", "must be GENE_SYMBOLS or GENE_IDS", "");
            }
            prefix = prefix == null ? "" : prefix;
        }

        public static Options defaults() {
            return new Options(VarNames.GENE_SYMBOLS, true, true, "");
        }

        public Options withVarNames(VarNames v) {
            return new Options(v, makeUnique, gexOnly, prefix);
        }

        public Options withMakeUnique(boolean v) {
            return new Options(varNames, v, gexOnly, prefix);
        }

        public Options withGexOnly(boolean v) {
            return new Options(varNames, makeUnique, v, prefix);
        }

        public Options withPrefix(String v) {
            return new Options(varNames, makeUnique, gexOnly, v);
        }
    }

    /** The feature type scanpy keeps with {@code gex_only=True}. */
    public static final String GENE_EXPRESSION = "Gene Expression";

    public static AnnData read(Path dir) {
        return read(dir, Options.defaults());
    }

    public static AnnData read(Path path, Options options) {
        Layout layout = Layout.find(path, options.prefix());
        TenxTables.Features features = TenxTables.readFeatures(layout.features(), layout.legacy());
        List<String> barcodes = TenxTables.readBarcodes(layout.barcodes());
        MatrixMarketReader.Header header = MatrixMarketReader.readHeader(layout.matrix());
        // Check the cheap side files against the header before the long matrix parse.
        TenxTables.checkCount(layout.features(), features.size(), header.rows(),
                (layout.legacy() ? "genes" : "features") + ", one per matrix row", layout.matrix());
        TenxTables.checkCount(layout.barcodes(), barcodes.size(), header.cols(), "cells, one per matrix column",
                layout.matrix());
        checkUniqueBarcodes(layout.barcodes(), barcodes);
        CsrMatrix x = MatrixMarketReader.readTransposed(layout.matrix());

        boolean bySymbol = options.varNames() == VarNames.GENE_SYMBOLS;
        List<String> varNames = bySymbol ? features.names() : features.ids();
        if (options.makeUnique()) {
            varNames = Names.makeUnique(varNames);
        }
        List<String> other = bySymbol ? features.ids() : features.names();
        StringColumn otherColumn = StringColumn.create(bySymbol ? "gene_ids" : "gene_symbols", other);
        Table var = features.types() == null
                ? Table.create("var", otherColumn)
                : Table.create("var", otherColumn, StringColumn.create("feature_types", features.types()));

        if (!layout.legacy() && options.gexOnly()) {
            int[] keep = geneExpression(features.types());
            if (keep.length < features.size()) {
                x = x.selectCols(keep);
                varNames = pick(varNames, keep);
                var = var.rows(keep);
            }
        }
        List<String> dup = AnnData.duplicates(varNames);
        if (!dup.isEmpty()) {
            throw BadInputException.parameter("make_unique", "gene names in " + layout.features()
                    + " repeat (for example " + dup.subList(0, Math.min(5, dup.size())) + ")",
                    "read with makeUnique=true (scanpy's default) or name genes by id");
        }
        return AnnData.builder(x, barcodes, varNames).var(var).build();
    }

    private static void checkUniqueBarcodes(Path file, List<String> barcodes) {
        List<String> dup = AnnData.duplicates(barcodes);
        if (!dup.isEmpty()) {
            throw BadInputException.file(file, "barcodes repeat (for example " + dup.subList(0, Math.min(5, dup.size()))
                    + ")", "each cell needs a unique barcode; the file is corrupt or concatenated, re-copy it");
        }
    }

    private static int[] geneExpression(List<String> types) {
        int[] keep = new int[types.size()];
        int n = 0;
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).equals(GENE_EXPRESSION)) {
                keep[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(keep, n);
    }

    private static List<String> pick(List<String> names, int[] at) {
        List<String> out = new ArrayList<>(at.length);
        for (int i : at) {
            out.add(names.get(i));
        }
        return out;
    }

    /** Where the three files are, and whether they are the v2 (genes.tsv) layout. */
    record Layout(Path matrix, Path features, Path barcodes, boolean legacy) {
        static Layout find(Path path, String prefix) {
            if (!Files.exists(path)) {
                throw BadInputException.file(path, "does not exist", "give the Cell Ranger matrix directory "
                        + "(filtered_feature_bc_matrix/ or filtered_gene_bc_matrices/<genome>/)");
            }
            if (!Files.isDirectory(path)) {
                throw BadInputException.file(path, "is a file, not a directory",
                        "give the directory that holds matrix.mtx, features.tsv and barcodes.tsv");
            }
            Path dir = path;
            if (matrixIn(dir, prefix) == null) {
                List<Path> genomes = genomeDirs(dir, prefix);
                if (genomes.size() == 1) {
                    dir = genomes.get(0);
                } else if (genomes.size() > 1) {
                    throw BadInputException.file(path, "holds several genome directories " + fileNames(genomes),
                            "pass the one to read, e.g. " + genomes.get(0));
                } else {
                    throw BadInputException.file(path, "has no " + prefix + "matrix.mtx or " + prefix
                            + "matrix.mtx.gz (found: " + listing(path) + ")",
                            "give the Cell Ranger matrix directory (filtered_feature_bc_matrix/ or "
                                    + "filtered_gene_bc_matrices/<genome>/)");
                }
            }
            Path genes = either(dir, prefix + "genes.tsv", true);
            boolean legacy = genes != null;
            // scanpy opens plain names in v2 directories and .gz names in v3 ones.
            Path matrix = either(dir, prefix + "matrix.mtx", legacy);
            Path features = legacy ? genes : either(dir, prefix + "features.tsv", false);
            Path barcodes = either(dir, prefix + "barcodes.tsv", legacy);
            if (features == null) {
                throw missing(dir, prefix + "features.tsv", "the gene table; v2 directories have genes.tsv instead");
            }
            if (barcodes == null) {
                throw missing(dir, prefix + "barcodes.tsv", "the cell barcodes");
            }
            return new Layout(matrix, features, barcodes, legacy);
        }

        static Path matrixIn(Path dir, String prefix) {
            return either(dir, prefix + "matrix.mtx", true);
        }

        /** Sub-directories holding a matrix: genome directories of a v2 output. */
        static List<Path> genomeDirs(Path dir, String prefix) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(Files::isDirectory).filter(d -> matrixIn(d, prefix) != null).sorted().toList();
            } catch (IOException e) {
                throw BadInputException.file(dir, "cannot list (" + e.getMessage() + ")", "check permissions");
            }
        }

        /** {@code name} or {@code name.gz} (whichever exists; both: the preferred one). */
        private static Path either(Path dir, String name, boolean preferPlain) {
            Path plain = dir.resolve(name);
            Path gz = dir.resolve(name + ".gz");
            Path first = preferPlain ? plain : gz;
            Path second = preferPlain ? gz : plain;
            return Files.isRegularFile(first) ? first : Files.isRegularFile(second) ? second : null;
        }

        private static BadInputException missing(Path dir, String name, String what) {
            return BadInputException.file(dir, "has no " + name + " or " + name + ".gz (" + what + "; found: "
                    + listing(dir) + ")", "copy the complete Cell Ranger output directory");
        }

        private static String listing(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(10).toList();
                return names.isEmpty() ? "nothing" : String.join(", ", names);
            } catch (IOException e) {
                return "unreadable";
            }
        }

        private static String fileNames(List<Path> paths) {
            return paths.stream().map(p -> p.getFileName().toString()).toList().toString();
        }
    }
}
