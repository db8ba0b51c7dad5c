package org.cellbook.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.env.Project;
import org.cellbook.core.io.TextInput;

/** Paths into the shared real test data (djvdj-splen: two mouse spleen samples with GEX and TCR). */
public final class RealData {
    private RealData() {
    }

    public static Path djvdj(String path) {
        Path p = Project.sharedRealData().resolve("djvdj-splen").resolve(path);
        assertTrue(Files.exists(p), "shared real data missing: " + p);
        return p;
    }

    public static Path contigs(String sample) {
        return djvdj(sample + "_TCR/filtered_contig_annotations.csv.gz");
    }

    /** The cell barcodes of a sample's filtered GEX matrix (barcodes.tsv.gz), in file order. */
    public static List<String> gexBarcodes(String sample) {
        List<String> out = new ArrayList<>();
        try (TextInput in = TextInput.open(djvdj(sample + "_GEX/filtered_feature_bc_matrix/barcodes.tsv.gz"))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }
}
