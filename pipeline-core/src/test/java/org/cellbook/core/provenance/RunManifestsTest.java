package org.cellbook.core.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.PipelineConfig;
import org.cellbook.core.env.Project;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestsTest {
    @TempDir
    Path dir;

    private RunManifest manifest(String status, RunManifest.Failure failure) throws Exception {
        Path input = dir.resolve("input.txt");
        Files.writeString(input, "cells");
        var config = PipelineConfig.loader().resolve(null, Map.of(), List.of("qc.min_genes=10"));
        return new RunManifest(RunManifest.SCHEMA_VERSION, "20261122T000000Z-abc", "nb.ipynb",
                "2026-11-22T00:00:00Z", "2026-11-22T00:01:00Z", status,
                Provenance.git(Project.root()), Provenance.environment(), Provenance.dependencies(),
                List.of(Provenance.file(input)), config.tree(), config.sources(), 42,
                List.of(new RunManifest.StepRecord("0", "load", 1.5, false, "ok")), null, List.of(), failure);
    }

    @Test
    void roundTripsAndMatchesItsSchemaInPython() throws Exception {
        RunManifest m = manifest("succeeded", null);
        Path f = dir.resolve("manifest.json");
        RunManifests.write(m, f);
        RunManifest back = RunManifests.read(f);
        assertEquals(m.runId(), back.runId());
        assertEquals(m.inputs(), back.inputs());
        assertEquals(64, back.dependencies().hash().length());
        assertEquals(10, back.config().get("qc").get("min_genes").asInt());
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, RunManifests.schema().toPrettyString());
        String out = PythonEnv.project().runScript("""
                import sys, json, jsonschema, hashlib
                schema = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2]))
                errors = list(jsonschema.Draft202012Validator(schema).iter_errors(m))
                digest = hashlib.sha256(open(sys.argv[3], 'rb').read()).hexdigest()
                print(len(errors), digest == m['inputs'][0]['sha256'])
                """, schema.toString(), f.toString(), dir.resolve("input.txt").toString()).orThrow("jsonschema").stdout().trim();
        assertEquals("0 True", out);
    }

    @Test
    void invalidManifestsNameTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path f = dir.resolve("m.json");
        RunManifests.write(manifest("failed", new RunManifest.Failure("3", "IllegalStateException", "boom")), f);
        assertEquals("failed", RunManifests.read(f).status());

        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(f.toFile());
        tree.putNull("failure");
        Files.writeString(f, tree.toString());
        assertTrue(assertThrows(BadInputException.class, () -> RunManifests.read(f)).getMessage().contains("'failure'"));

        tree.put("schema_version", 99);
        Files.writeString(f, tree.toString());
        assertTrue(assertThrows(BadInputException.class, () -> RunManifests.read(f)).getMessage().contains("schema_version 99"));

        tree.put("schema_version", 1);
        tree.put("seed", "not a number");
        Files.writeString(f, tree.toString());
        assertTrue(assertThrows(BadInputException.class, () -> RunManifests.read(f)).getMessage().contains("'seed'"));
    }
}
