package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.env.Project;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shared Cell Ranger matrix directory, read by scanpy's read_10x_mtx and by ours. */
class TenxMtxReaderParityTest {
    private static final Path REAL = Project.sharedRealData();
    private static final Path BL6 = REAL.resolve("djvdj-splen/BL6_GEX/filtered_feature_bc_matrix");
    private static final Path MD4 = REAL.resolve("djvdj-splen/MD4_GEX/filtered_feature_bc_matrix");
    private static final Path V2_GENOME = REAL.resolve("scanpy-10x/1.2.0/filtered_gene_bc_matrices/hg19_chr21");
    private static final Path V2_PARENT = REAL.resolve("scanpy-10x/1.2.0/filtered_gene_bc_matrices");
    private static final Path V3 = REAL.resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix");
    private static final Path INT_IDS = REAL.resolve("scanpy-10x/int-ids");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void runScanpy() {
        List<PythonDump.Job> jobs = new ArrayList<>();
        jobs.add(job("bl6", BL6, Map.of()));
        jobs.add(job("md4", MD4, Map.of()));
        jobs.add(job("v2", V2_GENOME, Map.of()));
        jobs.add(job("v3", V3, Map.of()));
        jobs.add(job("intids", INT_IDS, Map.of()));
        jobs.add(job("bl6-ids", BL6, Map.of("var_names", "gene_ids")));
        jobs.add(job("v2-ids", V2_GENOME, Map.of("var_names", "gene_ids")));
        jobs.add(job("v3-all", V3, Map.of("gex_only", false)));
        jobs.add(job("md4-not-unique-ok", MD4, Map.of("make_unique", true)));
        PythonDump.run(jobs);
    }

    private static PythonDump.Job job(String name, Path src, Map<String, Object> options) {
        return new PythonDump.Job("mtx", src, tmp.resolve(name), options);
    }

    private static PythonDump dump(String name) {
        return PythonDump.load(tmp.resolve(name));
    }

    @Test
    void djvdjBl6WhoseGzNamedMatrixIsPlainText() {
        dump("bl6").assertSameAs(TenxMtxReader.read(BL6));
    }

    @Test
    void djvdjMd4() {
        dump("md4").assertSameAs(TenxMtxReader.read(MD4));
    }

    @Test
    void cellRanger120GenomeDirectory() {
        dump("v2").assertSameAs(TenxMtxReader.read(V2_GENOME));
    }

    @Test
    void cellRanger120ParentOfTheSingleGenome() {
        dump("v2").assertSameAs(TenxMtxReader.read(V2_PARENT));
    }

    @Test
    void cellRanger300() {
        dump("v3").assertSameAs(TenxMtxReader.read(V3));
    }

    @Test
    void integerGeneIdsAndPlainFiles() {
        AnnData a = TenxMtxReader.read(INT_IDS);
        dump("intids").assertSameAs(a);
    }

    @Test
    void geneIdsAsVarNames() {
        TenxMtxReader.Options ids = TenxMtxReader.Options.defaults().withVarNames(TenxMtxReader.VarNames.GENE_IDS);
        dump("bl6-ids").assertSameAs(TenxMtxReader.read(BL6, ids));
        dump("v2-ids").assertSameAs(TenxMtxReader.read(V2_GENOME, ids));
    }

    @Test
    void allFeatureTypes() {
        AnnData all = TenxMtxReader.read(V3, TenxMtxReader.Options.defaults().withGexOnly(false));
        dump("v3-all").assertSameAs(all);
        assertEquals(dump("v3-all").varNames().size(), all.nVars());
    }
}
