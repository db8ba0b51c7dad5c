package org.cellbook.kernel.display;

import tech.tablesaw.api.Table;

/** Tablesaw tables as HTML: the first and last rows with a row count, like pandas' notebook view. */
final class TableHtml {
    static final int HEAD = 10;
    static final int TAIL = 5;

    private TableHtml() { }

    static String html(Table t) {
        int n = t.rowCount();
        StringBuilder s = new StringBuilder("<div class=\"cellbook-table\"><table border=\"1\" class=\"dataframe\">\n<thead><tr><th></th>");
        for (String c : t.columnNames()) {
            s.append("<th>").append(escape(c)).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        boolean cut = n > HEAD + TAIL;
        for (int i = 0; i < n; i++) {
            if (cut && i == HEAD) {
                s.append("<tr><th>...</th>");
                s.append("<td>...</td>".repeat(t.columnCount()));
                s.append("</tr>\n");
                i = n - TAIL;
            }
            s.append("<tr><th>").append(i).append("</th>");
            for (int c = 0; c < t.columnCount(); c++) {
                s.append("<td>").append(escape(t.column(c).getString(i))).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n<p>").append(n).append(" rows &times; ").append(t.columnCount())
                .append(" columns").append(t.name() == null || t.name().isBlank() ? "" : " (" + escape(t.name()) + ")")
                .append("</p></div>");
        return s.toString();
    }

    static String plain(Table t) {
        int n = t.rowCount();
        if (n <= HEAD + TAIL) {
            return t.print(n) + "\n" + n + " rows x " + t.columnCount() + " columns";
        }
        return t.first(HEAD).print(HEAD) + "\n...\n" + t.last(TAIL).print(TAIL) + "\n" + n + " rows x " + t.columnCount() + " columns";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
