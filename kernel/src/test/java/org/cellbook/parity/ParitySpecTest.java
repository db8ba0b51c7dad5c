package org.cellbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.cli.Main;
import org.cellbook.core.BadInputException;
import org.cellbook.runtime.Notebook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Spec parsing, selectors, and one test per bad-spec error (each names the file, the item and the key). */
class ParitySpecTest {
    @TempDir
    Path dir;

    private static final String ITEM = """
              - id: pca
                original: {cell: 3, expr: "adata.obsm['X_pca']"}
                port: {cell: "tag:pca", expr: "pp.value().obsm().get(\\"X_pca\\")"}
            """;

    private Path spec(String yaml) throws IOException {
        Path f = dir.resolve("parity.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private BadInputException bad(String yaml) throws IOException {
        Path f = spec(yaml);
        BadInputException e = assertThrows(BadInputException.class, () -> ParitySpec.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e;
    }

    @Test
    void readsItemsWithDefaultsAndPerItemTolerances() throws IOException {
        ParitySpec s = ParitySpec.read(spec("""
                original: orig.ipynb
                port: port.ipynb
                params: {seed: 0}
                defaults: {rtol: 1e-4}
                items:
                """ + ITEM + """
                    compare: allclose_up_to_sign
                    atol: 1e-6
                  - id: clusters
                    original: {cell: "sha:0123abcd", expr: "adata.obs['leiden']"}
                    port: {cell: 7, expr: labels}
                    compare: ari
                    min: 0.9
                  - id: folds
                    original: {cell: 9, expr: folds}
                    port: {cell: 9, expr: folds}
                    compare: table
                    keys: [patient, model]
                    columns: {auc: {compare: metric_delta, delta: 0.02}, n_cells: {compare: identical}}
                """));
        assertEquals(dir.resolve("orig.ipynb"), s.original());
        assertEquals("0", s.params().get("seed"));
        assertEquals(3, s.items().size());
        assertEquals(new AllcloseUpToSign(new Allclose(1e-4, 1e-6, false)), s.items().get(0).comparison());
        assertEquals(new CellSelector.Tag("pca"), s.items().get(0).port().cell());
        assertEquals(new CellSelector.Fingerprint("0123abcd"), s.items().get(1).original().cell());
        assertEquals(new AdjustedRand(0.9), s.items().get(1).comparison());
        TableComparison t = assertInstanceOf(TableComparison.class, s.items().get(2).comparison());
        assertEquals(List.of("patient", "model"), t.keys());
        assertEquals(new MetricDelta(0.02), t.columnRules().get("auc"));
        assertEquals(new Identical(), t.columnRules().get("n_cells"));
    }

    @Test
    void unknownComparison() throws IOException {
        BadInputException e = bad("items:\n" + ITEM + "    compare: allclose_ish\n");
        assertTrue(e.getMessage().contains("item 'pca', key 'compare': unknown comparison 'allclose_ish'"), e.getMessage());
    }

    @Test
    void missingThreshold() throws IOException {
        BadInputException e = bad("items:\n" + ITEM + "    compare: ari\n");
        assertTrue(e.getMessage().contains("item 'pca', key 'min': missing"), e.getMessage());
    }

    @Test
    void unknownItemKey() throws IOException {
        BadInputException e = bad("items:\n" + ITEM + "    compare: set\n    tolerance: 3\n");
        assertTrue(e.getMessage().contains("item 'pca', key 'tolerance': unknown key"), e.getMessage());
    }

    @Test
    void duplicateId() throws IOException {
        BadInputException e = bad("items:\n" + ITEM + "    compare: set\n" + ITEM + "    compare: set\n");
        assertTrue(e.getMessage().contains("item 'pca', key 'id': duplicate id"), e.getMessage());
    }

    @Test
    void badSelector() throws IOException {
        BadInputException e = bad("""
                items:
                  - id: x
                    original: {cell: "third", expr: a}
                    port: {cell: 1, expr: a}
                    compare: identical
                """);
        assertTrue(e.getMessage().contains("item 'x', key 'original.cell': 'third' is not a cell selector"), e.getMessage());
    }

    @Test
    void missingExpression() throws IOException {
        BadInputException e = bad("""
                items:
                  - id: x
                    original: {cell: 1, expr: a}
                    port: {cell: 1}
                    compare: identical
                """);
        assertTrue(e.getMessage().contains("item 'x', key 'port.expr': missing"), e.getMessage());
    }

    @Test
    void notANumber() throws IOException {
        BadInputException e = bad("items:\n" + ITEM + "    compare: allclose\n    rtol: tight\n");
        assertTrue(e.getMessage().contains("item 'pca', key 'rtol': 'tight' is not a number"), e.getMessage());
    }

    @Test
    void badIdCharacters() throws IOException {
        BadInputException e = bad("items:\n  - id: a/b\n    compare: set\n");
        assertTrue(e.getMessage().contains("item 'a/b', key 'id'"), e.getMessage());
    }

    @Test
    void notYaml() throws IOException {
        BadInputException e = bad("items: [\n");
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void noItems() throws IOException {
        BadInputException e = bad("original: a.ipynb\n");
        assertTrue(e.getMessage().contains("key 'items'"), e.getMessage());
    }

    private static Notebook notebook() {
        Notebook nb = Notebook.create("python3", "python");
        nb.appendCode("x = 1");
        nb.insertCode(1, "y = 2\n", List.of("pca"));
        nb.insertCode(2, "z = 3", List.of("pca"));
        return nb;
    }

    @Test
    void selectorsMatchByIndexTagAndFingerprint() throws IOException {
        Notebook nb = notebook();
        assertEquals(1, new CellSelector.Index(1).matches(nb).get(0).index());
        assertEquals(2, new CellSelector.Tag("pca").matches(nb).size());
        String sha = CellSelector.fingerprint("y = 2");
        assertEquals(sha, CellSelector.fingerprint("\r\ny = 2   \r\n\n"), "line endings and trailing blanks do not count");
        assertEquals(1, new CellSelector.Fingerprint(sha.substring(0, 10)).matches(nb).get(0).index());
    }

    @Test
    void aSelectorMatchingSeveralCellsNamesTheItem() throws IOException {
        ParitySpec s = ParitySpec.read(spec("items:\n" + ITEM + "    compare: set\n"));
        Path nbFile = dir.resolve("port.ipynb");
        BadInputException e = assertThrows(BadInputException.class,
                () -> s.resolve(s.items().get(0), "port", notebook(), nbFile));
        assertTrue(e.getMessage().contains("item 'pca', key 'port.cell': 'tag:pca' matches 2 code cells ([1, 2]) of " + nbFile),
                e.getMessage());
    }

    @Test
    void aSelectorMatchingNoCellNamesTheItem() throws IOException {
        ParitySpec s = ParitySpec.read(spec("items:\n" + ITEM + "    compare: set\n"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> s.resolve(s.items().get(0), "original", notebook(), dir.resolve("o.ipynb")));
        assertTrue(e.getMessage().contains("item 'pca', key 'original.cell': '3' matches no code cell"), e.getMessage());
    }

    @Test
    void theCommandExitsWithTwoOnABadSpec() throws IOException {
        Path f = spec("items:\n" + ITEM + "    compare: nope\n");
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("parity", "--spec", f.toString(), "--original", "a.ipynb", "--port", "b.ipynb");
        assertEquals(2, code);
        assertTrue(err.toString().contains("item 'pca', key 'compare'"), err.toString());
    }

    @Test
    void nameSelectorsMatchTheCellbookCellMetadata() {
        Notebook nb = notebook();
        nb.cells().get(0).metadata().putObject("cellbook").put("cell", "load_cohort");
        nb.cells().get(2).metadata().putObject("cellbook").put("ports", "qc_filter");
        assertEquals(0, CellSelector.parse("name:load_cohort").matches(nb).get(0).index());
        assertEquals(2, CellSelector.parse("name:qc_filter").matches(nb).get(0).index());
        assertTrue(CellSelector.parse("name:pca").matches(nb).isEmpty());
    }

    @Test
    void pythonParametersAreTypedAsYaml() {
        assertEquals("200", OriginalRunner.pythonLiteral("200"));
        assertEquals("1.0E-5", OriginalRunner.pythonLiteral("1e-5"));
        assertEquals("True", OriginalRunner.pythonLiteral("true"));
        assertEquals("None", OriginalRunner.pythonLiteral("null"));
        assertEquals("\"/data/samples.csv\"", OriginalRunner.pythonLiteral("/data/samples.csv"));
        assertEquals("{\"preprocess.n_top_genes\": 200, \"qc.mt_prefix\": \"MT-\"}",
                OriginalRunner.pythonLiteral("{\"preprocess.n_top_genes\": 200, qc.mt_prefix: MT-}"));
        assertEquals("[0.5, 1]", OriginalRunner.pythonLiteral("[0.5, 1]"));
        assertEquals("\"say \\\"hi\\\"\"", OriginalRunner.pythonLiteral("say \"hi\""));
    }
}
