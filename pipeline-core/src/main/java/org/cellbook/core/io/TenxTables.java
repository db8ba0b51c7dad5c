package org.cellbook.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.BadInputException;

/**
 * The small text files beside a Cell Ranger {@code matrix.mtx}: {@code features.tsv} (v3: id,
 * name, type), {@code genes.tsv} (v2: id, name) and {@code barcodes.tsv}.
 *
 * <p>Fields are split the way scanpy's {@code pd.read_csv} calls do: features on tabs, barcodes on
 * commas (so a tab-separated second column stays part of the barcode, as in scanpy). Blank lines
 * are skipped as pandas does. Fields are kept verbatim as strings: pandas would parse an
 * all-integer id column as int64, but the values print the same and ids are labels, not numbers.
 */
final class TenxTables {
    private TenxTables() {
    }

    /** One entry per feature line; {@code types} is null for v2 {@code genes.tsv}. */
    record Features(List<String> ids, List<String> names, List<String> types) {
        int size() {
            return ids.size();
        }
    }

    static Features readFeatures(Path file, boolean legacy) {
        int needed = legacy ? 2 : 3;
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> types = legacy ? null : new ArrayList<>();
        try (TextInput in = TextInput.open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < needed) {
                    throw in.error("expected " + needed + " tab-separated columns ("
                            + (legacy ? "gene id, gene symbol" : "feature id, name, feature type") + "), found " + f.length,
                            "this is not a Cell Ranger " + (legacy ? "genes.tsv" : "features.tsv") + " file or it is corrupt");
                }
                ids.add(f[0]);
                names.add(f[1]);
                if (types != null) {
                    types.add(f[2]);
                }
            }
        }
        return new Features(ids, names, types);
    }

    static List<String> readBarcodes(Path file) {
        List<String> barcodes = new ArrayList<>();
        try (TextInput in = TextInput.open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                int comma = line.indexOf(',');
                barcodes.add(comma < 0 ? line : line.substring(0, comma));
            }
        }
        return barcodes;
    }

    /** Fails naming the file when a count does not match the matrix dimension it labels. */
    static void checkCount(Path file, int found, int expected, String what, Path matrix) {
        if (found != expected) {
            throw BadInputException.file(file, "has " + found + " lines (" + what + ") but " + matrix.getFileName()
                    + " declares " + expected, "the files come from different runs or one is truncated; "
                    + "re-copy the whole directory from the same Cell Ranger output");
        }
    }
}
