package org.cellbook.core.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.JsonSchemas;
import org.cellbook.core.io.AtomicWrite;

/** Writes, reads and validates {@link RunManifest} JSON files. */
public final class RunManifests {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private static final List<String> STATUSES = List.of("running", "succeeded", "failed");

    private RunManifests() {
    }

    /** Writes atomically (temp file, then rename), so a reader never sees half a manifest. */
    public static void write(RunManifest m, Path file) {
        try {
            AtomicWrite.write(file, JSON.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode manifest " + file, e);
        }
    }

    /** Reads and validates a manifest; every problem names the file and the field. */
    public static RunManifest read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw BadInputException.file(file, "manifest not found", "check the path");
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read (" + e.getMessage() + ")", "check permissions");
        }
        RunManifest m;
        try {
            JsonNode tree = JSON.readTree(bytes);
            JsonNode v = tree == null ? null : tree.get("schema_version");
            if (v == null || !v.canConvertToInt()) {
                throw BadInputException.file(file, "no schema_version", "this is not a Cellbook run manifest");
            }
            if (v.asInt() != RunManifest.SCHEMA_VERSION) {
                throw BadInputException.file(file, "schema_version " + v.asInt() + " is not supported (this Cellbook reads "
                        + RunManifest.SCHEMA_VERSION + ")", "use the Cellbook version that wrote it");
            }
            m = JSON.treeToValue(tree, RunManifest.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("?");
            throw BadInputException.file(file, "field '" + field + "': " + e.getOriginalMessage().split("\n")[0],
                    "compare with `cellbook manifest schema`");
        } catch (JsonProcessingException e) {
            throw BadInputException.file(file, "not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ": " + e.getOriginalMessage() + ")", "the file is damaged");
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot parse (" + e.getMessage() + ")", "the file is damaged");
        }
        check(file, m.runId() != null && !m.runId().isBlank(), "run_id", "is empty");
        check(file, m.started() != null, "started", "is missing");
        check(file, STATUSES.contains(m.status()), "status", "must be one of " + STATUSES + ", got " + m.status());
        check(file, !"failed".equals(m.status()) || m.failure() != null, "failure", "a failed run must say why");
        check(file, "running".equals(m.status()) || m.ended() != null, "ended", "a finished run needs an end time");
        return m;
    }

    private static void check(Path file, boolean ok, String field, String problem) {
        if (!ok) {
            throw BadInputException.file(file, "field '" + field + "' " + problem, "compare with `cellbook manifest schema`");
        }
    }

    /** JSON Schema of the manifest format. */
    public static ObjectNode schema() {
        return JsonSchemas.of(RunManifest.class, null, "Cellbook run manifest v" + RunManifest.SCHEMA_VERSION);
    }
}
