package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.runtime.Notebook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which notebook gets which parameter: declared names, dotted overrides, one-side options, placeholders. */
class ParameterRoutingTest {
    @TempDir
    Path dir;

    private static Notebook original() {
        Notebook nb = Notebook.create("python3", "python");
        nb.insertCode(0, "config_path = \"config.yaml\"\nsample_sheet = \"\"\nconfig_overrides = {}\nn: int = 3\nx == 1", List.of("parameters"));
        return nb;
    }

    private static Notebook port() {
        Notebook nb = Notebook.create("cellbook", "java");
        nb.insertCode(0, "String configPath = \"config.yaml\";\nString resultsDir = \"\";\nint n = 3;", List.of("parameters"));
        return nb;
    }

    private ParitySpec spec(String extra) throws IOException {
        Path f = dir.resolve("parity.yaml");
        Files.writeString(f, extra + """
                items:
                  - id: a
                    original: {cell: 0, expr: a}
                    port: {cell: 0, expr: a}
                    compare: identical
                """);
        return ParitySpec.read(f);
    }

    @Test
    void pythonParametersAreTheAssignedNames() {
        assertEquals(List.of("config_path", "sample_sheet", "config_overrides", "n"),
                List.copyOf(ParameterRouting.pythonParameters(original())));
    }

    @Test
    void plainNamesGoWhereTheyAreDeclaredAndDottedNamesOverrideBothConfigs() throws IOException {
        ParitySpec s = spec("original_overrides: config_overrides\n");
        ParameterRouting.Routed r = ParameterRouting.route(s, original(), port(),
                List.of("n=5", "sample_sheet=/data/s.csv", "preprocess.n_top_genes=200", "qc.mt_prefix=MT-"),
                List.of(), List.of("preprocess.target_sum=5000"), dir);
        assertEquals(Map.of("n", "5", "sample_sheet", "/data/s.csv",
                "config_overrides", "{\"preprocess.n_top_genes\": 200, \"qc.mt_prefix\": \"MT-\"}"), r.original());
        assertEquals("5", r.port().get("n"));
        assertFalse(r.port().containsKey("sample_sheet"));
        assertEquals("200", r.port().get("preprocess.n_top_genes"));
        assertEquals("5000", r.port().get("preprocess.target_sum"), "--port-param reaches the port only");
        assertFalse(r.original().get("config_overrides").contains("target_sum"));
        assertEquals("{\"preprocess.n_top_genes\": 200, \"qc.mt_prefix\": \"MT-\"}",
                OriginalRunner.pythonLiteral(r.original().get("config_overrides")));
    }

    @Test
    void aNameNeitherNotebookDeclaresIsAnError() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ParameterRouting.route(spec(""), original(), port(), List.of("target_sum=1"), List.of(), List.of(), dir));
        assertTrue(e.getMessage().contains("parameter 'target_sum': declared by neither notebook's parameters cell"), e.getMessage());
    }

    @Test
    void specValuesUsePlaceholders() throws IOException {
        ParitySpec s = spec("""
                original_params: {sample_sheet: "${sheet}", config_path: "${spec_dir}/config.yaml"}
                port_params: {data.sample_sheet: "${sheet}", resultsDir: "${work}/port-results"}
                """);
        ParameterRouting.Routed r = ParameterRouting.route(s, original(), port(), List.of("sheet=/data/s.csv"), List.of(),
                List.of(), dir.resolve("w"));
        assertEquals("/data/s.csv", r.original().get("sample_sheet"));
        assertEquals(dir.resolve("config.yaml").toString(), r.original().get("config_path"));
        assertFalse(r.original().containsKey("sheet"), "a name used only by placeholders is no notebook parameter");
        assertEquals("/data/s.csv", r.port().get("data.sample_sheet"));
        assertEquals(dir.resolve("w/port-results").toString(), r.port().get("resultsDir"));

        BadInputException e = assertThrows(BadInputException.class,
                () -> ParameterRouting.route(s, original(), port(), List.of(), List.of(), List.of(), dir));
        assertTrue(e.getMessage().contains(s.file() + ": parameter 'sample_sheet': uses ${sheet}, but no -p sheet=... was given"),
                e.getMessage());
    }
}
