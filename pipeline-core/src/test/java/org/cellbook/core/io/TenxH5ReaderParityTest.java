package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.Project;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shared Cell Ranger .h5, read by scanpy's read_10x_h5 and by ours. */
class TenxH5ReaderParityTest {
    private static final Path REAL = Project.sharedRealData().resolve("scanpy-10x");
    private static final Path V2 = REAL.resolve("1.2.0/filtered_gene_bc_matrices_h5.h5");
    private static final Path TWO_GENOMES = REAL.resolve("1.2.0/multiple_genomes.h5");
    private static final Path V3 = REAL.resolve("3.0.0/filtered_feature_bc_matrix.h5");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void runScanpy() {
        PythonDump.run(List.of(
                new PythonDump.Job("h5", V2, tmp.resolve("v2"), Map.of()),
                new PythonDump.Job("h5", TWO_GENOMES, tmp.resolve("hg19"), Map.of("genome", "hg19_chr21")),
                new PythonDump.Job("h5", TWO_GENOMES, tmp.resolve("another"), Map.of("genome", "another_genome")),
                new PythonDump.Job("h5", V3, tmp.resolve("v3"), Map.of()),
                new PythonDump.Job("h5", V3, tmp.resolve("v3-genome"), Map.of("genome", "GRCh38_chr21")),
                new PythonDump.Job("h5", V3, tmp.resolve("v3-all"), Map.of("gex_only", false))));
    }

    private static PythonDump dump(String name) {
        return PythonDump.load(tmp.resolve(name));
    }

    @Test
    void cellRanger120() {
        dump("v2").assertSameAs(TenxH5Reader.read(V2));
    }

    @Test
    void cellRanger300() {
        dump("v3").assertSameAs(TenxH5Reader.read(V3));
    }

    @Test
    void cellRanger300WithGenomeAndAllFeatures() {
        dump("v3-genome").assertSameAs(TenxH5Reader.read(V3, TenxH5Reader.Options.defaults().withGenome("GRCh38_chr21")));
        dump("v3-all").assertSameAs(TenxH5Reader.read(V3, TenxH5Reader.Options.defaults().withGexOnly(false)));
    }

    @Test
    void twoGenomeLegacyFileWithEachGenome() {
        dump("hg19").assertSameAs(TenxH5Reader.read(TWO_GENOMES, TenxH5Reader.Options.defaults().withGenome("hg19_chr21")));
        dump("another").assertSameAs(
                TenxH5Reader.read(TWO_GENOMES, TenxH5Reader.Options.defaults().withGenome("another_genome")));
    }

    @Test
    void twoGenomeLegacyFileWithoutGenomeListsThem() {
        BadInputException e = assertThrows(BadInputException.class, () -> TenxH5Reader.read(TWO_GENOMES));
        assertTrue(e.getMessage().contains(TWO_GENOMES.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("more than one genome"), e.getMessage());
        assertTrue(e.getMessage().contains("[another_genome, hg19_chr21]"), e.getMessage());
    }

    @Test
    void unknownGenomeListsTheAvailableOnes() {
        BadInputException legacy = assertThrows(BadInputException.class,
                () -> TenxH5Reader.read(TWO_GENOMES, TenxH5Reader.Options.defaults().withGenome("mm10")));
        assertTrue(legacy.getMessage().contains("'mm10'") && legacy.getMessage().contains("[another_genome, hg19_chr21]"),
                legacy.getMessage());
        BadInputException v3 = assertThrows(BadInputException.class,
                () -> TenxH5Reader.read(V3, TenxH5Reader.Options.defaults().withGenome("mm10")));
        assertTrue(v3.getMessage().contains(V3.toString()) && v3.getMessage().contains("[GRCh38_chr21]"), v3.getMessage());
    }
}
