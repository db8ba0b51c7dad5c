package org.cellbook.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellbook.core.BadInputException;

/**
 * Papermill-style parameters for Java notebooks. The cell tagged {@code parameters} declares
 * defaults ({@code int nPcs = 50;}); values given on the command line are written, typed like the
 * declaration, into a new cell tagged {@code injected-parameters} right after it (replacing one
 * left by an earlier run), so the executed notebook shows exactly what ran.
 */
public final class NotebookParameters {
    public static final String PARAMETERS_TAG = "parameters";
    public static final String INJECTED_TAG = "injected-parameters";

    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:final\\s+)?([A-Za-z_][\\w.]*(?:<[^=]*>)?)\\s+([A-Za-z_]\\w*)\\s*=\\s*(.+?);\\s*(?://.*)?$");

    private NotebookParameters() {
    }

    /** A declared parameter: its Java type and default expression. */
    public record Declared(String type, String name, String defaultExpression) {
    }

    /** Parameters declared in the cell tagged {@code parameters}, in order. */
    public static Map<String, Declared> declared(Notebook nb) {
        Map<String, Declared> out = new LinkedHashMap<>();
        Notebook.Cell cell = parametersCell(nb);
        if (cell == null) {
            return out;
        }
        for (String line : cell.source().split("\n")) {
            Matcher m = DECLARATION.matcher(line);
            if (m.matches()) {
                out.put(m.group(2), new Declared(m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }

    private static Notebook.Cell parametersCell(Notebook nb) {
        for (Notebook.Cell c : nb.cells()) {
            if (c.isCode() && c.hasTag(PARAMETERS_TAG)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Injects {@code values} (name to text as typed on the command line or read from YAML) and
     * returns the new notebook; the input is not changed. Unknown names and values that do not fit
     * the declared type are errors naming the parameter.
     */
    public static Notebook inject(Notebook source, Map<String, String> values) {
        Notebook nb = source.copy();
        // Drop a cell injected by an earlier run, as papermill does.
        var cells = (com.fasterxml.jackson.databind.node.ArrayNode) nb.tree().get("cells");
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (new Notebook.Cell((com.fasterxml.jackson.databind.node.ObjectNode) cells.get(i), i).hasTag(INJECTED_TAG)) {
                cells.remove(i);
            }
        }
        if (values.isEmpty()) {
            return nb;
        }
        Notebook.Cell params = parametersCell(nb);
        if (params == null) {
            throw BadInputException.parameter(values.keySet().iterator().next(),
                    "the notebook has no cell tagged '" + PARAMETERS_TAG + "'",
                    "tag the cell that declares the defaults with 'parameters' (View > Cell Toolbar > Tags in Jupyter)");
        }
        Map<String, Declared> declared = declared(nb);
        List<String> lines = new ArrayList<>();
        lines.add("// Parameters injected by cellbook run");
        for (Map.Entry<String, String> e : values.entrySet()) {
            Declared d = declared.get(e.getKey());
            if (d == null) {
                throw BadInputException.parameter(e.getKey(), "not declared in the parameters cell (cell " + params.index() + ")",
                        "declared parameters: " + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())));
            }
            lines.add(d.type() + " " + d.name() + " = " + literal(d, e.getValue()) + ";");
        }
        nb.insertCode(params.index() + 1, String.join("\n", lines), List.of(INJECTED_TAG));
        return nb;
    }

    /** The Java literal for {@code raw} in the declared type. */
    static String literal(Declared d, String raw) {
        String t = d.type();
        String v = raw.strip();
        try {
            switch (t) {
                case "int", "Integer" -> {
                    return Integer.toString(Integer.parseInt(v));
                }
                case "long", "Long" -> {
                    return Long.parseLong(v) + "L";
                }
                case "double", "Double" -> {
                    return Double.toString(Double.parseDouble(v));
                }
                case "float", "Float" -> {
                    return Float.parseFloat(v) + "f";
                }
                case "boolean", "Boolean" -> {
                    String b = v.toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        throw new NumberFormatException();
                    }
                    return b;
                }
                case "String", "java.lang.String" -> {
                    return quote(raw);
                }
                case "var" -> {
                    return inferred(v, raw);
                }
                default -> throw BadInputException.parameter(d.name(), "has type " + t + ", which cannot be set from the command line",
                        "declare it as int, long, double, boolean or String");
            }
        } catch (NumberFormatException e) {
            throw BadInputException.parameter(d.name(), "'" + raw + "' is not a valid " + t, "give a " + t + " value");
        }
    }

    private static String inferred(String v, String raw) {
        if (v.matches("[-+]?\\d+")) {
            return v;
        }
        if (v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.toString(Double.parseDouble(v));
        }
        if (v.equals("true") || v.equals("false")) {
            return v;
        }
        return quote(raw);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
