package org.cellbook.kernel.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.Matrix;
import org.cellbook.kernel.runtime.Chart;
import org.cellbook.kernel.runtime.Display;
import tech.tablesaw.api.Table;

/** The renderers every Cellbook kernel starts with. */
final class StandardRenderers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardRenderers() { }

    static void registerAll(DisplayRegistry r) {
        r.register(RenderedImage.class, StandardRenderers::image);
        r.register(Chart.class, c -> {
            DisplayData d = image(c.render());
            d.putText(c.toString());
            return d;
        });
        r.register(Table.class, t -> {
            DisplayData d = new DisplayData(TableHtml.plain(t));
            d.putHTML(TableHtml.html(t));
            return d;
        });
        r.register(Matrix.class, m -> {
            DisplayData d = new DisplayData(m.toString());
            d.putHTML(Summaries.matrix(m));
            return d;
        });
        r.register(AnnData.class, a -> {
            DisplayData d = new DisplayData(a.toString());
            d.putHTML(Summaries.annData(a));
            return d;
        });
        r.register(Display.Html.class, h -> {
            DisplayData d = new DisplayData(h.html());
            d.putHTML(h.html());
            return d;
        });
        r.register(Display.Markdown.class, m -> {
            DisplayData d = new DisplayData(m.markdown());
            d.putMarkdown(m.markdown());
            return d;
        });
        r.register(Display.Json.class, j -> json(j.value()));
    }

    static DisplayData image(RenderedImage img) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DisplayData d = new DisplayData("<image " + img.getWidth() + "x" + img.getHeight() + ">");
        d.putData("image/png", Base64.getEncoder().encodeToString(png.toByteArray()));
        return d;
    }

    static DisplayData json(Object value) {
        try {
            String text = JSON.writeValueAsString(value);
            DisplayData d = new DisplayData(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            d.putData("application/json", new JsonParser().parse(text)); // a JSON value, not a string
            return d;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot show as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
