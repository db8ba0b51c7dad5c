package org.cellbook.core.pp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** scanpy's outputs for one dataset, produced by pp_reference.py into a directory. */
final class PpReference {
    final Path dir;
    final JsonNode params;

    private PpReference(Path dir) throws IOException {
        this.dir = dir;
        this.params = new ObjectMapper().readTree(dir.resolve("params.json").toFile());
    }

    /** Runs the reference script on {@code dataset} ("synthetic" or a 10x mtx directory). */
    static PpReference run(Path dir, String dataset) {
        try (InputStream in = PpReference.class.getResourceAsStream("pp_reference.py")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            PythonEnv.project().runScript(script, dir.toString(), dataset).orThrow("scanpy reference for " + dataset);
            return new PpReference(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Npy.Array array(String name) {
        return Npy.read(dir.resolve(name + ".npy"));
    }

    double[] doubles(String name) {
        return array(name).asDoubles();
    }

    boolean[] bools(String name) {
        long[] v = array(name).asLongs();
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i] != 0;
        }
        return b;
    }

    List<String> names(String name) {
        try {
            return Files.readAllLines(dir.resolve(name + ".txt")).stream().filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int param(String key) {
        return params.get(key).asInt();
    }

    double paramDouble(String key) {
        return params.get(key).asDouble();
    }

    String paramText(String key) {
        return params.get(key).asText();
    }

    /** The raw counts as exported by Python, with obs column "batch". */
    AnnData counts() {
        long[] shape = array("shape").asLongs();
        CsrMatrix x = CsrMatrix.of((int) shape[0], (int) shape[1], array("counts_indptr").asLongs(),
                array("counts_indices").asInts(), array("counts_data").asFloats());
        List<String> batch = names("batch");
        Table obs = Table.create("obs", StringColumn.create("batch", batch));
        return AnnData.builder(x, names("obs"), names("var")).obs(obs).build();
    }
}
