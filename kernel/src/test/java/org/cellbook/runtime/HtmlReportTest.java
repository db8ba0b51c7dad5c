package org.cellbook.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @Test
    void rendersMarkdownOutputsPlotsAndErrors(@TempDir Path dir) throws Exception {
        Notebook nb = Notebook.create("cellbook", "java");
        var md = nb.appendCode("");
        md.node().put("cell_type", "markdown");
        md.setSource("# Results\nSome **bold** and `code` <script>.\n\n- one\n- two");
        var code = nb.appendCode("table");
        code.setExecutionCount(3);
        code.metadata().putObject("cellbook").put("seconds", 1.25).put("cache_hit", true);
        ObjectNode html = code.outputs().addObject();
        html.put("output_type", "display_data");
        html.putObject("data").put("text/html", "<table><tr><td>42</td></tr></table>").put("text/plain", "42");
        ObjectNode png = code.outputs().addObject();
        png.put("output_type", "display_data");
        png.putObject("data").put("image/png", "iVBORw0KGgo=\n");
        ObjectNode err = code.outputs().addObject();
        err.put("output_type", "error");
        err.put("ename", "IllegalStateException");
        err.put("evalue", "no <cells>");
        err.putArray("traceback").add("\u001B[31mat line 1\u001B[0m");
        Path out = dir.resolve("r.html");
        HtmlReport.write(nb, "Run 1", out);
        String h = Files.readString(out);
        assertTrue(h.contains("<h2>Results</h2>") && h.contains("<b>bold</b>") && h.contains("<code>code</code>"), h);
        assertTrue(h.contains("&lt;script&gt;") && !h.contains("<script>"), "markdown text must be escaped");
        assertTrue(h.contains("<ul><li>one</li><li>two</li></ul>"), h);
        assertTrue(h.contains("<td>42</td>") && h.contains("data:image/png;base64,iVBORw0KGgo=\""), h);
        assertTrue(h.contains("no &lt;cells&gt;") && h.contains("at line 1") && !h.contains("\u001B"), h);
        assertTrue(h.contains("1.25 s") && h.contains("from cache") && h.contains("In [3]"), h);
        assertFalse(h.contains("http-equiv") || h.contains("<link"), "no external assets");
        assertFalse(h.contains("replayed"), "a run that was executed says nothing of replays");
    }

    @Test
    void aReplayedRunSaysSoAndShowsTheRecordedCellTimes(@TempDir Path dir) throws Exception {
        Notebook nb = Notebook.create("cellbook", "java");
        var code = nb.appendCode("var cv = pipe.crossValidate(features);");
        code.setExecutionCount(1);
        code.metadata().putObject("cellbook").put("seconds", 0.0).put("recorded_seconds", 6.04).put("cache_hit", true);
        nb.metadata().putObject("cellbook").put("replayed_from", "20261122T212825Z-e6cb4f20");
        Path out = dir.resolve("r.html");
        HtmlReport.write(nb, "Run 2", out);
        String h = Files.readString(out);
        assertTrue(h.contains("Nothing changed since run 20261122T212825Z-e6cb4f20"), h);
        assertTrue(h.contains("6.04 s") && h.contains("from cache"), h);
    }
}
