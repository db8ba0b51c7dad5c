package org.cellbook.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookParametersTest {
    private static Notebook notebook() {
        Notebook nb = Notebook.create("cellbook", "java");
        nb.appendCode("import java.util.*;");
        nb.insertCode(1, "int nPcs = 50;\ndouble targetSum = 1e4; // counts per cell\nString sheet = \"data/samples.csv\";\nboolean useCache = true;\nvar label = \"x\";",
                List.of(NotebookParameters.PARAMETERS_TAG));
        nb.appendCode("System.out.println(nPcs);");
        return nb;
    }

    @Test
    void injectsTypedValuesAfterTheParametersCell(@TempDir Path dir) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("nPcs", "30");
        values.put("targetSum", "5000");
        values.put("sheet", "a \"quoted\" path");
        values.put("useCache", "FALSE");
        values.put("label", "2.5");
        Notebook out = NotebookParameters.inject(notebook(), values);
        Notebook.Cell injected = out.cells().get(2);
        assertTrue(injected.hasTag(NotebookParameters.INJECTED_TAG));
        assertEquals("""
                // Parameters injected by cellbook run
                int nPcs = 30;
                double targetSum = 5000.0;
                String sheet = "a \\"quoted\\" path";
                boolean useCache = false;
                var label = 2.5;""", injected.source());
        assertEquals(4, out.cells().size());
        // A second injection replaces the first instead of stacking.
        Path f = dir.resolve("nb.ipynb");
        out.write(f);
        Notebook again = NotebookParameters.inject(Notebook.read(f), Map.of("nPcs", "10"));
        assertEquals(4, again.cells().size());
        assertTrue(again.cells().get(2).source().contains("int nPcs = 10;"));
    }

    @Test
    void badParametersNameTheParameter() {
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> NotebookParameters.inject(notebook(), Map.of("nComps", "3")));
        assertTrue(unknown.getMessage().contains("'nComps'") && unknown.getMessage().contains("nPcs"), unknown.getMessage());
        BadInputException type = assertThrows(BadInputException.class,
                () -> NotebookParameters.inject(notebook(), Map.of("nPcs", "many")));
        assertTrue(type.getMessage().contains("'nPcs'") && type.getMessage().contains("int"), type.getMessage());
        Notebook plain = Notebook.create("cellbook", "java");
        plain.appendCode("int x = 1;");
        BadInputException none = assertThrows(BadInputException.class,
                () -> NotebookParameters.inject(plain, Map.of("x", "2")));
        assertTrue(none.getMessage().contains("no cell tagged 'parameters'"), none.getMessage());
    }
}
