package org.cellbook.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.ConfigLoader;

/**
 * A parity spec (YAML): which value of the original notebook must agree with which value of the
 * port, and how. Every error names the spec file, the item and the key. See
 * {@code notebooks/tcr-response/parity.yaml} for a full example:
 *
 * <pre>
 * original: original.ipynb          # optional; --original wins (paths relative to this file)
 * port: tcr-response.ipynb          # optional; --port wins
 * config: config.yaml               # optional pipeline config for the port (-f)
 * params: {name: value}             # papermill-style parameters for both notebooks
 * original_params: {}               # ... for the original only
 * port_params: {}                   # ... for the port only (dotted names override the config)
 * original_overrides: config_overrides  # the original's mapping parameter that receives dotted -p a.b=v
 * inputs: [data]                    # extra files/folders whose content decides reuse
 * defaults: {rtol: 1e-5, atol: 1e-8}
 * items:
 *   - id: pca                       # letters, digits, . _ -; unique
 *     step: preprocessing           # free text, grouped in the report
 *     original: {cell: 12, expr: "adata.obsm['X_pca']"}
 *     port: {cell: "tag:pca", expr: "pp.value().obsm().get(\"X_pca\")"}
 *     compare: allclose_up_to_sign  # allclose | allclose_up_to_sign | set | jaccard | ari |
 *     rtol: 1e-4                    #   identical | metric_delta | table
 *     atol: 1e-6                    # jaccard/ari: min; metric_delta: delta; table: keys, columns
 * </pre>
 */
public record ParitySpec(Path file, Path original, Path port, Path config, Map<String, String> params,
                         Map<String, String> originalParams, Map<String, String> portParams, String originalOverrides,
                         List<Path> inputs, List<Item> items) {

    /** One side of an item: the cell after which {@code expr} is evaluated. */
    public record Side(CellSelector cell, String expr) {
    }

    public record Item(String id, String step, Side original, Side port, Comparison comparison) {
    }

    private static final Set<String> TOP_KEYS = Set.of("original", "port", "config", "params", "original_params",
            "port_params", "original_overrides", "inputs", "defaults", "items");
    private static final Set<String> ITEM_KEYS = Set.of("id", "step", "original", "port", "compare", "rtol", "atol",
            "equal_nan", "min", "delta", "keys", "columns");
    static final List<String> KINDS = List.of("allclose", "allclose_up_to_sign", "set", "jaccard", "ari", "identical",
            "metric_delta", "table");

    public static ParitySpec read(Path file) {
        JsonNode root;
        try {
            root = ConfigLoader.yamlMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw BadInputException.file(file, "parity spec not found", "check the --spec path");
        } catch (JsonProcessingException e) {
            throw BadInputException.line(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML (" + e.getOriginalMessage() + ")", "fix the syntax");
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read (" + e.getMessage() + ")", "check permissions");
        }
        return parse(file, root);
    }

    static ParitySpec parse(Path file, JsonNode root) {
        Path dir = file.toAbsolutePath().getParent();
        if (root == null || !root.isObject()) {
            throw BadInputException.file(file, "a parity spec is a YAML mapping with an 'items' list", "see the format in the docs");
        }
        unknownKeys(file, "top level", root, TOP_KEYS);
        double rtol = number(file, "defaults", root.path("defaults"), "rtol", Allclose.DEFAULT_RTOL);
        double atol = number(file, "defaults", root.path("defaults"), "atol", Allclose.DEFAULT_ATOL);
        if (root.has("defaults")) {
            unknownKeys(file, "defaults", root.get("defaults"), Set.of("rtol", "atol"));
        }
        JsonNode items = root.path("items");
        if (!items.isArray() || items.isEmpty()) {
            throw BadInputException.file(file, "key 'items': a non-empty list of items is required", "add at least one item");
        }
        List<Item> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = item(file, i, items.get(i), rtol, atol);
            if (!ids.add(item.id())) {
                throw error(file, item.id(), "id", "duplicate id", "give every item its own id");
            }
            out.add(item);
        }
        List<Path> inputs = new ArrayList<>();
        root.path("inputs").forEach(n -> inputs.add(dir.resolve(n.asText())));
        return new ParitySpec(file, path(dir, root.path("original")), path(dir, root.path("port")), path(dir, root.path("config")),
                strings(file, root, "params"), strings(file, root, "original_params"), strings(file, root, "port_params"),
                root.path("original_overrides").isTextual() ? root.get("original_overrides").asText() : null,
                List.copyOf(inputs), List.copyOf(out));
    }

    private static Item item(Path file, int index, JsonNode n, double rtol, double atol) {
        if (!n.isObject()) {
            throw error(file, "#" + (index + 1), "items", "an item is a mapping", "see the format in the docs");
        }
        String id = n.path("id").asText("");
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            throw error(file, id.isEmpty() ? "#" + (index + 1) : id, "id",
                    id.isEmpty() ? "missing" : "'" + id + "' has characters other than letters, digits, '.', '_' and '-'",
                    "ids name export files");
        }
        unknownKeys(file, "item '" + id + "'", n, ITEM_KEYS);
        Side original = side(file, id, n, "original");
        Side port = side(file, id, n, "port");
        String kind = n.path("compare").asText("");
        if (!KINDS.contains(kind)) {
            throw error(file, id, "compare", kind.isEmpty() ? "missing" : "unknown comparison '" + kind + "'",
                    "use one of " + String.join(", ", KINDS));
        }
        double r = number(file, "item '" + id + "'", n, "rtol", rtol);
        double a = number(file, "item '" + id + "'", n, "atol", atol);
        boolean equalNan = n.path("equal_nan").asBoolean(false);
        Allclose allclose = new Allclose(r, a, equalNan);
        Comparison c = switch (kind) {
            case "allclose" -> allclose;
            case "allclose_up_to_sign" -> new AllcloseUpToSign(allclose);
            case "set" -> SetComparison.exact();
            case "jaccard" -> new SetComparison(required(file, id, n, "min"));
            case "ari" -> new AdjustedRand(required(file, id, n, "min"));
            case "identical" -> new Identical();
            case "metric_delta" -> new MetricDelta(required(file, id, n, "delta"));
            default -> table(file, id, n, n.has("delta") ? new MetricDelta(required(file, id, n, "delta")) : allclose, r, a);
        };
        return new Item(id, n.path("step").asText(""), original, port, c);
    }

    private static Comparison table(Path file, String id, JsonNode n, Comparison numeric, double rtol, double atol) {
        List<String> keys = new ArrayList<>();
        JsonNode k = n.path("keys");
        if (k.isTextual()) {
            keys.add(k.asText());
        } else {
            k.forEach(x -> keys.add(x.asText()));
        }
        List<String> columns = new ArrayList<>();
        Map<String, Comparison> rules = new LinkedHashMap<>();
        JsonNode cols = n.path("columns");
        if (cols.isArray()) {
            cols.forEach(x -> columns.add(x.asText()));
        } else if (cols.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext(); ) {
                var e = it.next();
                columns.add(e.getKey());
                JsonNode rule = e.getValue();
                if (rule == null || rule.isNull() || rule.isEmpty()) {
                    continue;
                }
                String where = "item '" + id + "', column '" + e.getKey() + "'";
                unknownKeys(file, where, rule, Set.of("compare", "rtol", "atol", "delta", "equal_nan"));
                String kind = rule.path("compare").asText("allclose");
                Allclose ac = new Allclose(number(file, where, rule, "rtol", rtol), number(file, where, rule, "atol", atol),
                        rule.path("equal_nan").asBoolean(false));
                rules.put(e.getKey(), switch (kind) {
                    case "allclose" -> ac;
                    case "identical" -> new Identical();
                    case "metric_delta" -> new MetricDelta(number(file, where, rule, "delta", Double.NaN));
                    default -> throw error(file, id, "columns." + e.getKey() + ".compare", "unknown column comparison '" + kind + "'",
                            "use allclose, identical or metric_delta");
                });
            }
        } else if (!cols.isMissingNode()) {
            throw error(file, id, "columns", "must be a list of names or a mapping name -> {compare, rtol, atol, delta}", "");
        }
        return new TableComparison(List.copyOf(keys), numeric, Map.copyOf(rules), List.copyOf(columns));
    }

    private static Side side(Path file, String id, JsonNode n, String key) {
        JsonNode s = n.get(key);
        if (s == null || !s.isObject()) {
            throw error(file, id, key, "missing or not a mapping", "write " + key + ": {cell: INDEX | \"tag:NAME\" | \"name:NAME\" | \"sha:PREFIX\", expr: ...}");
        }
        unknownKeys(file, "item '" + id + "', " + key, s, Set.of("cell", "expr"));
        JsonNode cell = s.get("cell");
        CellSelector sel = cell == null || cell.isNull() || cell.isContainerNode() ? null : CellSelector.parse(cell.asText());
        if (sel == null) {
            throw error(file, id, key + ".cell", cell == null ? "missing" : "'" + cell.asText() + "' is not a cell selector",
                    "give a cell index (0-based, counting markdown cells), \"tag:NAME\", \"name:NAME\" (metadata cellbook.cell/ports) or \"sha:PREFIX\" (8+ hex digits)");
        }
        String expr = s.path("expr").asText("").strip();
        if (expr.isEmpty()) {
            throw error(file, id, key + ".expr", "missing", "give the expression whose value is compared");
        }
        return new Side(sel, expr);
    }

    private static double required(Path file, String id, JsonNode n, String key) {
        double v = number(file, "item '" + id + "'", n, key, Double.NaN);
        if (Double.isNaN(v)) {
            throw error(file, id, key, "missing", "compare: " + n.path("compare").asText() + " needs " + key);
        }
        return v;
    }

    private static double number(Path file, String where, JsonNode n, String key, double fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().strip()); // YAML 1.1 reads 1e-5 (no dot) as a string
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": " + where + ", key '" + key + "'", "'" + v.asText() + "' is not a number", "give a number such as 1e-5");
        }
    }

    private static Map<String, String> strings(Path file, JsonNode root, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = root.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new BadInputException(file + ": key '" + key + "'", "must be a mapping name -> value", "");
        }
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Path path(Path dir, JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : dir.resolve(n.asText()).normalize();
    }

    private static void unknownKeys(Path file, String where, JsonNode n, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new BadInputException(file + ": " + where + ", key '" + k + "'", "unknown key",
                        "allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    static BadInputException error(Path file, String id, String key, String problem, String fix) {
        return new BadInputException(file + ": item '" + id + "', key '" + key + "'", problem, fix);
    }

    /** The one code cell {@code side} selects in {@code nb}; an error naming the item otherwise. */
    public org.cellbook.runtime.Notebook.Cell resolve(Item item, String sideName, org.cellbook.runtime.Notebook nb, Path notebookFile) {
        Side side = sideName.equals("original") ? item.original() : item.port();
        List<org.cellbook.runtime.Notebook.Cell> m = side.cell().matches(nb);
        if (m.size() != 1) {
            throw error(file, item.id(), sideName + ".cell", "'" + side.cell() + "' matches "
                    + (m.isEmpty() ? "no code cell" : m.size() + " code cells (" + m.stream().map(c -> Integer.toString(c.index())).toList() + ")")
                    + " of " + notebookFile, "use a cell index, a unique tag or a longer fingerprint prefix (`cellbook parity --cells NOTEBOOK` lists them)");
        }
        return m.get(0);
    }
}
