package org.cellbook.kernel;

import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * This session's cells for Jupyter's history requests. Entries are {@code [session, line, input]} or,
 * with output, {@code [session, line, [input, output]]}; the session is always 1 (a kernel keeps no
 * history across restarts). Search patterns are globs ({@code *}, {@code ?}) as in IPython.
 */
public final class SessionHistory implements HistoryManager {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) { }

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    public synchronized List<List<Object>> tail(int n, boolean output) {
        int from = n <= 0 ? 0 : Math.max(0, entries.size() - n);
        return rows(entries.subList(from, entries.size()), output);
    }

    /** Lines {@code [start, stop)} of a session; session 0 or 1 is this one, others are empty. */
    public synchronized List<List<Object>> range(int session, int start, int stop, boolean output) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line() >= start && (stop <= 0 || e.line() < stop)) {
                hits.add(e);
            }
        }
        return rows(hits, output);
    }

    /** The last {@code n} (all when n <= 0) entries matching the glob; unique keeps the latest of each input. */
    public synchronized List<List<Object>> search(String glob, int n, boolean unique, boolean output) {
        Pattern p = globToRegex(glob == null || glob.isEmpty() ? "*" : glob);
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            if (p.matcher(e.input()).matches()) {
                hits.add(e);
            }
        }
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : hits) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            hits = new ArrayList<>(latest.values());
        }
        if (n > 0 && hits.size() > n) {
            hits = hits.subList(hits.size() - n, hits.size());
        }
        return rows(hits, output);
    }

    private static List<List<Object>> rows(List<Entry> list, boolean output) {
        List<List<Object>> out = new ArrayList<>();
        for (Entry e : list) {
            Object cell = output ? List.of(e.input(), e.output() == null ? "" : e.output()) : e.input();
            out.add(List.of(SESSION, e.line(), cell));
        }
        return out;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
