package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.Test;

/** The category order H5adWriter uses, against Python's natsort on awkward labels. */
class NaturalOrderTest {
    private static final List<String> LABELS = List.of("10", "2", "1", "01", "001", "a10", "a2", "A", "a", "B", "",
            "x1y10", "x1y2", "1.5", "1.10", "-1", "cluster 3", "cluster 12", "é", "e", "٣", "½", "T cells", "t cells",
            "NK", "B cells 2", "B cells 10", "9999999999999999999999", "10000000000000000000000", "\uD83D\uDE00", "\uFFFD",
            "x²y", "x¹⁰", "⑦a", "⑩", "x١٢", "Å", "Å", "ﬁ");

    @Test
    void matchesNatsortAfterPandasSort() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String script = """
                import json, sys, natsort
                labels = json.loads(sys.argv[1])
                print(json.dumps(natsort.natsorted(sorted(labels))))
                """;
        String out = PythonEnv.project().runScript(script, json.writeValueAsString(LABELS)).orThrow("natsort").stdout();
        List<String> expected = List.of(json.readValue(out, String[].class));
        List<String> ours = new ArrayList<>(LABELS);
        ours.sort(NaturalOrder.CODE_POINT);
        ours.sort(NaturalOrder.NATURAL);
        assertEquals(expected, ours);
    }
}
