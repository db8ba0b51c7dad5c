package org.cellbook.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.cellbook.core.io.AtomicWrite;
import java.util.regex.Pattern;

/**
 * A self-contained HTML page from an executed notebook: markdown rendered, code folded under each
 * cell, outputs inline (HTML tables as they are, PNG plots embedded as data URIs, errors in red),
 * per-cell time and cache use from the cell metadata. No external assets, so it can be mailed.
 */
public final class HtmlReport {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*[A-Za-z]");

    private HtmlReport() {
    }

    public static void write(Notebook nb, String title, Path out) {
        AtomicWrite.writeString(out, render(nb, title));
    }

    public static String render(Notebook nb, String title) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append(".cell{margin:1.2em 0}.meta{color:#888;font-size:12px}details summary{cursor:pointer;color:#555;font-size:13px}\n")
                .append("pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:13px}.err{background:#fde8e8;color:#a00}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}\n")
                .append("img{max-width:100%}.hit{color:#070}\n</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        JsonNode replay = nb.metadata().path("cellbook").path("replayed_from");
        if (replay.isTextual()) {
            h.append("<p class=\"meta\">Nothing changed since run ").append(esc(replay.asText()))
                    .append(": these are its outputs, replayed from the cache (cell times are that run's).</p>\n");
        }
        for (Notebook.Cell c : nb.cells()) {
            h.append("<div class=\"cell\">");
            if ("markdown".equals(c.type())) {
                h.append(markdown(c.source()));
            } else if (c.isCode()) {
                JsonNode timing = c.metadata().path("cellbook");
                h.append("<details><summary>In [").append(c.executionCount() == null || c.executionCount().isNull()
                        ? " " : c.executionCount().asText()).append("] ").append(esc(c.label())).append("</summary><pre>")
                        .append(esc(c.source())).append("</pre></details>");
                if (timing.has("seconds")) {
                    double seconds = timing.path(timing.has("recorded_seconds") ? "recorded_seconds" : "seconds").asDouble();
                    h.append("<div class=\"meta\">").append(String.format(java.util.Locale.ROOT, "%.2f s", seconds));
                    if (timing.path("cache_hit").asBoolean(false)) {
                        h.append(" <span class=\"hit\">(from cache)</span>");
                    }
                    h.append("</div>");
                }
                for (JsonNode o : c.outputs()) {
                    output(h, o);
                }
            }
            h.append("</div>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void output(StringBuilder h, JsonNode o) {
        switch (o.path("output_type").asText()) {
            case "stream" -> h.append("<pre").append("stderr".equals(o.path("name").asText()) ? " class=\"err\"" : "")
                    .append(">").append(esc(joined(o.get("text")))).append("</pre>");
            case "error" -> h.append("<pre class=\"err\">").append(esc(o.path("ename").asText())).append(": ")
                    .append(esc(o.path("evalue").asText())).append("\n")
                    .append(esc(ANSI.matcher(joined(o.get("traceback"))).replaceAll(""))).append("</pre>");
            case "execute_result", "display_data" -> {
                JsonNode d = o.path("data");
                if (d.has("image/png")) {
                    h.append("<img alt=\"plot\" src=\"data:image/png;base64,").append(joined(d.get("image/png")).replace("\n", ""))
                            .append("\">");
                } else if (d.has("text/html")) {
                    h.append("<div>").append(joined(d.get("text/html"))).append("</div>");
                } else if (d.has("application/json")) {
                    h.append("<pre>").append(esc(d.get("application/json").toPrettyString())).append("</pre>");
                } else if (d.has("text/plain")) {
                    h.append("<pre>").append(esc(joined(d.get("text/plain")))).append("</pre>");
                }
            }
            default -> {
            }
        }
    }

    /** nbformat multiline strings may be a string or a list of lines. */
    private static String joined(JsonNode n) {
        if (n == null) {
            return "";
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode line : n) {
                b.append(line.asText());
                // Tracebacks are lists of lines without newlines.
                if (!line.asText().endsWith("\n")) {
                    b.append('\n');
                }
            }
            return b.toString();
        }
        return n.asText();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A small markdown subset: headings, lists, fenced code, paragraphs, **bold**, *italic*, `code`, [links](url). */
    static String markdown(String md) {
        StringBuilder out = new StringBuilder();
        boolean inList = false;
        boolean inCode = false;
        StringBuilder para = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                flush(out, para);
                if (inList) {
                    out.append("</ul>");
                    inList = false;
                }
                out.append(inCode ? "</pre>" : "<pre>");
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                out.append(esc(line)).append('\n');
                continue;
            }
            Matcher head = Pattern.compile("^(#{1,6})\\s+(.*)").matcher(line);
            boolean item = line.matches("^\\s*[-*+]\\s+.*");
            if (head.matches() || item || line.isBlank()) {
                flush(out, para);
            }
            if (!item && inList && (head.matches() || line.isBlank())) {
                out.append("</ul>");
                inList = false;
            }
            if (head.matches()) {
                int level = head.group(1).length() + 1; // the report's title is the only h1
                out.append("<h").append(Math.min(level, 6)).append('>').append(inline(head.group(2)))
                        .append("</h").append(Math.min(level, 6)).append('>');
            } else if (item) {
                if (!inList) {
                    out.append("<ul>");
                    inList = true;
                }
                out.append("<li>").append(inline(line.replaceFirst("^\\s*[-*+]\\s+", ""))).append("</li>");
            } else if (!line.isBlank()) {
                para.append(para.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        flush(out, para);
        if (inList) {
            out.append("</ul>");
        }
        if (inCode) {
            out.append("</pre>");
        }
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder para) {
        if (!para.isEmpty()) {
            out.append("<p>").append(inline(para.toString())).append("</p>");
            para.setLength(0);
        }
    }

    private static String inline(String s) {
        String e = esc(s);
        e = e.replaceAll("`([^`]+)`", "<code>$1</code>");
        e = e.replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
        e = e.replaceAll("(?<![*\\w])\\*([^*]+)\\*(?![*\\w])", "<i>$1</i>");
        e = e.replaceAll("\\[([^\\]]+)]\\((https?://[^)\\s]+|[\\w./#-]+)\\)", "<a href=\"$2\">$1</a>");
        return e;
    }
}
