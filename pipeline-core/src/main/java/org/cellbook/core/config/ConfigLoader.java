package org.cellbook.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cellbook.core.BadInputException;

/**
 * Loads a typed config (a tree of records) from four layers, each overriding the one before:
 * <ol>
 *   <li>defaults (a record instance),</li>
 *   <li>a YAML file,</li>
 *   <li>environment variables {@code CELLBOOK_<SECTION>__<KEY>} ({@code __} between levels,
 *       e.g. {@code CELLBOOK_QC__MIN_GENES=300}),</li>
 *   <li>command-line overrides {@code key.path=value} ({@code -p qc.min_genes=300}).</li>
 * </ol>
 * Values from the environment and the command line are parsed as YAML scalars or flow
 * collections ({@code [0.5, 1.0]}). Every error names the key and where its value came from
 * (file and line, environment variable or command-line override) and, for unknown keys, the
 * closest known key. Keys are snake_case forms of the record component names.
 */
public final class ConfigLoader<T extends Record> {
    public static final String ENV_PREFIX = "CELLBOOK_";
    private static final ObjectMapper YAML = yamlMapper();

    private final Class<T> type;
    private final T defaults;

    public ConfigLoader(Class<T> type, T defaults) {
        this.type = type;
        this.defaults = defaults;
    }

    /** The mapper every config read and write goes through (snake_case, strict). */
    public static ObjectMapper yamlMapper() {
        return JsonMapper.builder(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** A resolved config, its merged tree and the source of every key that was set. */
    public record Resolved<T>(T config, ObjectNode tree, Map<String, String> sources) {
        /** The resolved config as YAML, for saving next to a run. */
        public String toYaml() {
            try {
                return YAML.writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Defaults overridden by {@code file} (may be null), then {@code env}, then {@code overrides}. */
    public Resolved<T> resolve(Path file, Map<String, String> env, List<String> overrides) {
        ObjectNode tree = YAML.valueToTree(defaults);
        Map<String, String> sources = new TreeMap<>();
        if (file != null) {
            mergeFile(tree, file, sources);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (name.startsWith(ENV_PREFIX) && name.contains("__")) {
                String path = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", ".");
                set(tree, path, e.getValue(), "environment variable " + name, sources);
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw BadInputException.parameter(o, "an override must look like key.path=value",
                        "for example -p qc.min_genes=300");
            }
            String key = o.substring(0, eq).trim();
            set(tree, key, o.substring(eq + 1), "command-line override -p " + key, sources);
        }
        T config = bind(tree, sources);
        validate(config, "");
        return new Resolved<>(config, tree, sources);
    }

    /** The JSON Schema of this config type, with defaults. */
    public ObjectNode schema(String title) {
        return JsonSchemas.of(type, YAML.valueToTree(defaults), title);
    }

    private void mergeFile(ObjectNode tree, Path file, Map<String, String> sources) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw BadInputException.file(file, "config file not found", "check the path given with -f");
        } catch (IOException e) {
            throw BadInputException.file(file, "cannot read config (" + e.getMessage() + ")", "check permissions");
        }
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw BadInputException.line(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML (" + e.getOriginalMessage() + ")", "fix the syntax");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw BadInputException.file(file, "the config must be a mapping of sections", "see `cellbook config schema`");
        }
        Map<String, Integer> lines = keyLines(text);
        checkKeys(node, type, "", path -> file + ":" + lines.getOrDefault(path, 0));
        merge(tree, (ObjectNode) node, "", path -> file + ":" + lines.getOrDefault(path, 0), sources);
    }

    private interface SourceOf {
        String of(String path);
    }

    private static void merge(ObjectNode into, ObjectNode from, String prefix, SourceOf source, Map<String, String> sources) {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode existing = into.get(e.getKey());
            if (e.getValue().isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue(), path, source, sources);
            } else {
                into.set(e.getKey(), e.getValue());
                sources.put(path, source.of(path));
            }
        }
    }

    private void set(ObjectNode tree, String path, String rawValue, String source, Map<String, String> sources) {
        String[] parts = path.split("\\.");
        Type t = type;
        ObjectNode node = tree;
        for (int i = 0; i < parts.length; i++) {
            String key = parts[i];
            Class<?> c = ConfigKeys.raw(t);
            if (c.isRecord()) {
                Map<String, RecordComponent> comps = ConfigKeys.components(c);
                RecordComponent rc = comps.get(key);
                if (rc == null) {
                    throw unknownKey(String.join(".", java.util.Arrays.copyOf(parts, i + 1)), comps.keySet(), source);
                }
                t = rc.getGenericType();
            } else if (Map.class.isAssignableFrom(c)) {
                t = ConfigKeys.arg(t, 1);
            } else {
                throw BadInputException.parameter(path, "'" + String.join(".", java.util.Arrays.copyOf(parts, i))
                        + "' is not a section (from " + source + ")", "set it as a whole value instead");
            }
            if (i == parts.length - 1) {
                node.set(key, parseScalar(rawValue, path, source));
            } else {
                JsonNode child = node.get(key);
                if (child == null || !child.isObject()) {
                    child = node.putObject(key);
                }
                node = (ObjectNode) child;
            }
        }
        sources.put(path, source);
    }

    private static JsonNode parseScalar(String raw, String path, String source) {
        try {
            JsonNode n = YAML.readTree(raw);
            return n == null || n.isMissingNode() ? JsonNodeFactory.instance.nullNode() : n;
        } catch (JsonProcessingException e) {
            throw BadInputException.parameter(path, "cannot parse value '" + raw + "' (from " + source + ")",
                    "give a number, true/false, a string or a list like [0.5, 1.0]");
        }
    }

    private static void checkKeys(JsonNode node, Type t, String prefix, SourceOf source) {
        Class<?> c = ConfigKeys.raw(t);
        if (c.isRecord() && node.isObject()) {
            Map<String, RecordComponent> comps = ConfigKeys.components(c);
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                RecordComponent rc = comps.get(e.getKey());
                if (rc == null) {
                    throw unknownKey(path, comps.keySet(), source.of(path));
                }
                checkKeys(e.getValue(), rc.getGenericType(), path, source);
            }
        } else if (Map.class.isAssignableFrom(c) && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                checkKeys(e.getValue(), ConfigKeys.arg(t, 1), prefix + "." + e.getKey(), source);
            }
        }
    }

    private static BadInputException unknownKey(String path, Collection<String> known, String source) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        String closest = closest(last, known);
        return BadInputException.parameter(path, "unknown config key (from " + source + ")",
                (closest == null ? "" : "did you mean '" + closest + "'? ") + "known keys here: " + String.join(", ", known));
    }

    private static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = levenshtein(word, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= Math.max(2, word.length() / 3) ? best : null;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private T bind(ObjectNode tree, Map<String, String> sources) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            String key = path.toString();
            String source = sourceOf(key, sources);
            throw BadInputException.parameter(key, "wrong type or value (" + e.getOriginalMessage().split("\n")[0]
                    + (source == null ? "" : "; from " + source) + ")", "see `cellbook config schema` for the expected type");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sourceOf(String key, Map<String, String> sources) {
        for (String k = key; !k.isEmpty(); k = k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : "") {
            String base = k.replaceAll("\\[\\d+]$", "");
            if (sources.containsKey(base)) {
                return sources.get(base);
            }
            if (!k.contains(".")) {
                break;
            }
        }
        return null;
    }

    /** Calls {@link Validated#validate} on every record in the tree, depth first. */
    private static void validate(Object value, String path) {
        if (value instanceof Validated v) {
            v.validate(path);
        }
        if (value instanceof Record r) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    Object child = rc.getAccessor().invoke(r);
                    String p = path.isEmpty() ? ConfigKeys.snake(rc.getName()) : path + "." + ConfigKeys.snake(rc.getName());
                    validate(child, p);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                validate(e.getValue(), path + "." + e.getKey());
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                validate(list.get(i), path + "[" + i + "]");
            }
        }
    }

    /** Line of every key in a YAML text, by dotted path (list contents are skipped). */
    static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        List<String> stack = new ArrayList<>();
        String pending = null;
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                switch (tok) {
                    case FIELD_NAME -> {
                        pending = p.currentName();
                        List<String> path = new ArrayList<>(stack);
                        path.add(pending);
                        lines.put(String.join(".", path), p.currentLocation().getLineNr());
                    }
                    case START_OBJECT -> {
                        if (pending != null) {
                            stack.add(pending);
                        }
                        pending = null;
                    }
                    case END_OBJECT -> {
                        if (!stack.isEmpty()) {
                            stack.remove(stack.size() - 1);
                        }
                    }
                    case START_ARRAY -> {
                        p.skipChildren();
                        pending = null;
                    }
                    default -> pending = null;
                }
            }
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
        return lines;
    }
}
