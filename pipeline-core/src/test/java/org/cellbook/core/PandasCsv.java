package org.cellbook.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.env.PythonEnv;

/** A CSV file as pandas reads it: every cell as the raw string ({@code dtype=str, keep_default_na=False}). */
public final class PandasCsv {
    private PandasCsv() {
    }

    private static final String SCRIPT = """
            import json, sys
            import pandas as pd
            df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, compression="gzip" if open(sys.argv[1], "rb").read(2) == b"\\x1f\\x8b" else None)
            with open(sys.argv[2], "w") as f:
                json.dump(df.to_dict(orient="records"), f)
            """;

    public static List<Map<String, String>> read(Path csv, Path workDir) {
        Path out = workDir.resolve("pandas-" + csv.getFileName() + ".json");
        PythonEnv.project().runScript(SCRIPT, csv.toString(), out.toString()).orThrow("pandas read_csv");
        try {
            return new ObjectMapper().readValue(out.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
