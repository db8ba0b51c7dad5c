package org.cellbook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void defaultsAreValidAndFollowScanpy() {
        PipelineConfig c = PipelineConfig.loader().resolve(null, Map.of(), List.of()).config();
        assertNull(c.preprocess().targetSum(), "scanpy's target_sum default is None (median)");
        assertEquals(15, c.clustering().nNeighbors());
        assertEquals(26, c.clustering().resolutions().size());
        assertEquals(50, c.preprocess().nPcs());
    }

    @Test
    void layersOverrideInOrderDefaultsFileEnvironmentCommandLine() throws Exception {
        Path f = write("qc:\n  min_genes: 100\n  min_cells: 5\nexecution:\n  executor: threads\n");
        var r = PipelineConfig.loader().resolve(f,
                Map.of("CELLBOOK_QC__MIN_CELLS", "7", "CELLBOOK_QC__MAX_PCT_MT", "15", "CELLBOOK_ROOT", "/ignored"),
                List.of("qc.max_pct_mt=12.5", "clustering.resolutions=[0.5, 1.0]"));
        PipelineConfig c = r.config();
        assertEquals(100, c.qc().minGenes());        // file
        assertEquals(7, c.qc().minCells());          // environment beats file
        assertEquals(12.5, c.qc().maxPctMt());       // command line beats environment
        assertEquals(List.of(0.5, 1.0), c.clustering().resolutions());
        assertEquals(PipelineConfig.ExecutorKind.THREADS, c.execution().executor());
        assertEquals(200, PipelineConfig.defaults().qc().minGenes());
        assertTrue(r.sources().get("qc.min_genes").endsWith("config.yaml:2"), r.sources().toString());
        assertEquals("environment variable CELLBOOK_QC__MIN_CELLS", r.sources().get("qc.min_cells"));
        assertTrue(r.toYaml().contains("executor: threads"), r.toYaml());
    }

    @Test
    void unknownKeyNamesKeyLineAndSuggestion() throws Exception {
        Path f = write("qc:\n  min_genes: 100\n  min_gene: 3\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(f, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("qc.min_gene") && e.getMessage().contains("config.yaml:3")
                && e.getMessage().contains("did you mean 'min_genes'"), e.getMessage());
    }

    @Test
    void unknownModelFamilyNamesTheKeyAndTheKnownFamilies() throws Exception {
        Path f = write("models:\n  - name: m\n    family: logistic_regression\n    search: grid\n    n_iter: 0\n    space: {}\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(f, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("models[0].family") && e.getMessage().contains("logistic_regression")
                && e.getMessage().contains("logreg"), e.getMessage());
        for (PipelineConfig.ModelSpec m : PipelineConfig.defaults().models()) {
            org.cellbook.core.model.classifiers.Classifiers.byFamily(m.family()); // every default family exists
        }
    }

    @Test
    void wrongTypeNamesKeyAndSource() throws Exception {
        Path f = write("preprocess:\n  n_pcs: fifty\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(f, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("preprocess.n_pcs") && e.getMessage().contains("config.yaml:2"), e.getMessage());
    }

    @Test
    void invalidValueFromCommandLineNamesKey() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(null, Map.of(), List.of("qc.max_pct_mt=150")));
        assertTrue(e.getMessage().contains("qc.max_pct_mt") && e.getMessage().contains("150"), e.getMessage());
        BadInputException env = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(null, Map.of("CELLBOOK_QCC__MIN_GENES", "1"), List.of()));
        assertTrue(env.getMessage().contains("CELLBOOK_QCC__MIN_GENES") && env.getMessage().contains("'qc'"), env.getMessage());
    }

    @Test
    void umapScheduleIsParallelByDefaultAndSettable() throws Exception {
        assertEquals(PipelineConfig.UmapSchedule.PARALLEL, PipelineConfig.defaults().clustering().umapSchedule());
        PipelineConfig c = PipelineConfig.loader()
                .resolve(write("clustering:\n  umap_schedule: sequential\n"), Map.of(), List.of()).config();
        assertEquals(PipelineConfig.UmapSchedule.SEQUENTIAL, c.clustering().umapSchedule());
        BadInputException bad = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(write("clustering:\n  umap_schedule: hogwild\n"), Map.of(), List.of()));
        assertTrue(bad.getMessage().contains("clustering.umap_schedule") && bad.getMessage().contains("hogwild"), bad.getMessage());
        BadInputException none = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(null, Map.of(), List.of("clustering.umap_schedule=null")));
        assertTrue(none.getMessage().contains("clustering.umap_schedule"), none.getMessage());
    }

    @Test
    void unknownFeatureBlockNamesFeatureSets() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> PipelineConfig.loader()
                .resolve(write("feature_sets: [gene_pca, gene_pca+tra_kmers]\n"), Map.of(), List.of()));
        assertTrue(e.getMessage().contains("feature_sets") && e.getMessage().contains("tra_kmers"), e.getMessage());
        PipelineConfig ok = PipelineConfig.loader()
                .resolve(write("feature_sets: [gene_pca+trb_physchem+trb_kmer_svd]\n"), Map.of(), List.of()).config();
        assertEquals(List.of("gene_pca+trb_physchem+trb_kmer_svd"), ok.featureSets());
    }

    @Test
    void badYamlNamesLine() throws Exception {
        Path f = write("qc:\n  min_genes: [1, 2\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> PipelineConfig.loader().resolve(f, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("config.yaml:") && e.getMessage().contains("YAML"), e.getMessage());
    }

    @Test
    void schemaValidatesTheResolvedConfigWithPythonJsonschema() throws Exception {
        var loader = PipelineConfig.loader();
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, loader.schema("cellbook pipeline").toPrettyString());
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, loader.resolve(null, Map.of(), List.of()).toYaml());
        Path bad = write("qc:\n  min_genes: 1\n  bogus: 2\n");
        String out = PythonEnv.project().runScript("""
                import sys, json, yaml, jsonschema
                schema = json.load(open(sys.argv[1]))
                jsonschema.Draft202012Validator.check_schema(schema)
                v = jsonschema.Draft202012Validator(schema)
                good = list(v.iter_errors(yaml.safe_load(open(sys.argv[2]))))
                bad = list(v.iter_errors(yaml.safe_load(open(sys.argv[3]))))
                print(len(good), len(bad), schema['properties']['qc']['properties']['min_genes']['default'])
                """, schema.toString(), good.toString(), bad.toString()).orThrow("jsonschema").stdout().trim();
        assertEquals("0 1 200", out);
    }
}
