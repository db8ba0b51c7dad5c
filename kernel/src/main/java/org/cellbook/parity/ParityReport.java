package org.cellbook.parity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.cellbook.core.io.AtomicWrite;

/**
 * The outcome of {@code cellbook parity}: one row per item (both summaries, the comparison and its
 * tolerance, pass or fail, the largest deviation and where), as self-contained HTML and as JSON
 * with the same content. {@link #exitCode}: 0 when every item passes, 1 otherwise.
 */
public record ParityReport(String spec, Side original, Side port, List<ItemResult> items) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One notebook's run as the report shows it. */
    public record Side(String notebook, String executed, boolean reused, double seconds, String failure) {
        static Side of(SideRun r) {
            return new Side(r.notebook().toString(), r.executed().toString(), r.reused(),
                    Math.round(r.seconds() * 100) / 100.0, r.failure());
        }
    }

    /** One item's row. {@code deviation} is null when the comparison has no numeric deviation. */
    public record ItemResult(String id, String step, String originalCell, String portCell, String originalExpr,
                             String portExpr, String comparison, String originalSummary, String portSummary,
                             boolean pass, Double deviation, String where, String detail) {
    }

    public long passed() {
        return items.stream().filter(ItemResult::pass).count();
    }

    public boolean ok() {
        return passed() == items.size();
    }

    public int exitCode() {
        return ok() ? 0 : 1;
    }

    public void writeJson(Path out) {
        try {
            AtomicWrite.write(out, JSON.writeValueAsBytes(new Json(spec, ok(), passed(), items.size() - passed(), original, port, items)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Json(String spec, boolean ok, long passed, long failed, Side original, Side port, List<ItemResult> items) {
    }

    public static ParityReport readJson(Path in) {
        try {
            Json j = JSON.readValue(in.toFile(), Json.class);
            return new ParityReport(j.spec(), j.original(), j.port(), j.items());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeHtml(Path out) {
        AtomicWrite.writeString(out, html());
    }

    public String html() {
        StringBuilder h = new StringBuilder(1 << 14);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Parity: ").append(esc(spec))
                .append("</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 7px;vertical-align:top;text-align:left}\n")
                .append("th{background:#f3f3f3}tr.fail td{background:#fdecec}tr.pass td.v{color:#070}tr.fail td.v{color:#a00;font-weight:bold}\n")
                .append("code{font-size:12px;white-space:pre-wrap}.meta{color:#666}\n</style></head><body>\n");
        h.append("<h1>Parity ").append(ok() ? "passed" : "FAILED").append("</h1>\n<p>")
                .append(passed()).append(" of ").append(items.size()).append(" items agree. Spec <code>").append(esc(spec))
                .append("</code></p>\n<ul class=\"meta\">");
        for (Side s : List.of(original, port)) {
            h.append("<li>").append(s == original ? "original " : "port ").append("<code>").append(esc(s.notebook())).append("</code>: ")
                    .append(s.reused() ? "reused executed copy" : String.format(Locale.ROOT, "ran in %.1f s", s.seconds()))
                    .append(" (<code>").append(esc(s.executed())).append("</code>)");
            if (s.failure() != null) {
                h.append(" <b style=\"color:#a00\">failed: ").append(esc(s.failure())).append("</b>");
            }
            h.append("</li>");
        }
        h.append("</ul>\n<table><tr><th>item</th><th>step</th><th>original cell &rarr; port cell</th><th>comparison</th>")
                .append("<th>original</th><th>port</th><th>verdict</th><th>largest deviation</th><th>where</th><th>detail</th></tr>\n");
        for (ItemResult r : items) {
            h.append("<tr class=\"").append(r.pass() ? "pass" : "fail").append("\"><td>").append(esc(r.id())).append("</td><td>")
                    .append(esc(r.step())).append("</td><td>").append(esc(r.originalCell())).append(" &rarr; ").append(esc(r.portCell()))
                    .append("<br><code>").append(esc(r.originalExpr())).append("</code><br><code>").append(esc(r.portExpr()))
                    .append("</code></td><td>").append(esc(r.comparison())).append("</td><td>").append(esc(r.originalSummary()))
                    .append("</td><td>").append(esc(r.portSummary())).append("</td><td class=\"v\">").append(r.pass() ? "pass" : "FAIL")
                    .append("</td><td>").append(r.deviation() == null ? "" : esc(ParityValue.fmt(r.deviation())))
                    .append("</td><td>").append(esc(r.where())).append("</td><td>").append(esc(r.detail())).append("</td></tr>\n");
        }
        return h.append("</table>\n</body></html>\n").toString();
    }

    /** One console line per item, then the verdict. */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        for (ItemResult r : items) {
            out.add(String.format(Locale.ROOT, "%-4s %-28s %-34s %s", r.pass() ? "ok" : "FAIL", r.id(), r.comparison(),
                    r.pass() ? "" : (r.where().isEmpty() ? "" : r.where() + ": ") + r.detail()));
        }
        out.add(String.format(Locale.ROOT, "parity: %d of %d items agree%s", passed(), items.size(), ok() ? "" : " (FAILED)"));
        return out;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
