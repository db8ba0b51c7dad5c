package org.cellbook.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.kernel.runtime.Chart;
import org.cellbook.kernel.runtime.Display;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class DisplayRegistryTest {
    private final DisplayRegistry registry = DisplayRegistry.withDefaults();

    private static String text(DisplayData d, String mime) {
        return String.valueOf(d.getData(MIMEType.parse(mime)));
    }

    @Test
    void mostSpecificRendererWins() {
        DisplayRegistry r = new DisplayRegistry();
        r.register(CharSequence.class, s -> new DisplayData("seq"));
        r.register(Object.class, s -> new DisplayData("object"));
        assertEquals("seq", text(r.render("x"), "text/plain"));
        assertEquals("object", text(r.render(3), "text/plain"));
        r.register(String.class, s -> new DisplayData("string"));
        assertEquals("string", text(r.render("x"), "text/plain"));
    }

    @Test
    void failingRendererFallsBackToText() {
        DisplayRegistry r = new DisplayRegistry();
        r.register(Integer.class, i -> {
            throw new IllegalStateException("no");
        });
        assertEquals("7", text(r.render(7), "text/plain"));
        assertEquals("[1, 2]", text(r.render(new int[] {1, 2}), "text/plain"));
        assertEquals("null", text(r.render(null), "text/plain"));
    }

    @Test
    void longTableShowsHeadTailAndRowCount() {
        Table t = Table.create("t", IntColumn.create("a", IntStream.range(0, 40).toArray()));
        String html = text(registry.render(t), "text/html");
        for (int i = 0; i < TableHtml.HEAD; i++) {
            assertTrue(html.contains("<th>" + i + "</th>"), html);
        }
        assertTrue(html.contains("<th>39</th>") && html.contains("<th>35</th>") && !html.contains("<th>20</th>"), html);
        assertTrue(html.contains("40 rows"), html);
        assertTrue(text(registry.render(t), "text/plain").contains("40 rows x 1 columns"));
    }

    @Test
    void matricesAndAnnDataAreSummaries() {
        CsrMatrix m = CsrMatrix.fromDense(DenseMatrix.ofRows(new double[][] {{1, 0, 0}, {0, 0, 2}}));
        String html = text(registry.render(m), "text/html");
        assertTrue(html.contains("CsrMatrix") && html.contains("2 &times; 3") && html.contains("2 non-zeros"), html);
        AnnData a = AnnData.builder(m, List.of("c1", "c2"), List.of("g1", "g2", "g3")).build();
        String ad = text(registry.render(a), "text/html");
        assertTrue(ad.contains("AnnData") && ad.contains("2 &times; 3"), ad);
        assertEquals(a.toString(), text(registry.render(a), "text/plain"));
    }

    @Test
    void imagesAndChartsArePng() {
        DisplayData d = registry.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        byte[] png = Base64.getDecoder().decode(text(d, "image/png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        DisplayData c = registry.render(Chart.bar(new String[] {"a", "b"}, new double[] {1, 2}).title("bars"));
        assertTrue(Base64.getDecoder().decode(text(c, "image/png")).length > 100);
    }

    @Test
    void htmlMarkdownAndJsonWrappers() {
        assertEquals("<b>x</b>", text(registry.render(Display.html("<b>x</b>")), "text/html"));
        assertEquals("# T", text(registry.render(Display.markdown("# T")), "text/markdown"));
        Object json = registry.render(Display.json(Map.of("k", List.of(1, 2)))).getData(MIMEType.APPLICATION_JSON);
        assertEquals("{\"k\":[1,2]}", json.toString());
    }
}
