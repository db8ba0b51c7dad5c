package org.cellbook.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellbook.core.BadInputException;
import org.cellbook.runtime.Notebook;
import org.cellbook.runtime.NotebookParameters;

/**
 * Which parameters each notebook gets. Layers, later wins: the spec's {@code params} (both),
 * {@code original_params} / {@code port_params}, then the command line:
 * <ul>
 *   <li>{@code -p NAME=VALUE}: to each notebook whose parameters cell declares NAME (an error when
 *       neither does and no spec value uses {@code ${NAME}});</li>
 *   <li>{@code -p a.b=VALUE} (dotted): a config override for the port, and, when the spec names
 *       {@code original_overrides: PARAM}, an entry of that mapping parameter of the original
 *       ({@code config_overrides = {"a.b": VALUE}});</li>
 *   <li>{@code --original-param} / {@code --port-param}: that notebook only, as given.</li>
 * </ul>
 * Spec values may use {@code ${work}}, {@code ${spec_dir}}, {@code ${config}} (the port's config
 * file, -f or the spec's: so both notebooks read one config) and {@code ${NAME}} (the value of
 * {@code -p NAME}). A relative value naming an existing path becomes absolute, since the
 * original runs in its own folder.
 */
final class ParameterRouting {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][\\w.]*)}");
    private static final Pattern PY_ASSIGN = Pattern.compile("^([A-Za-z_]\\w*)\\s*(?::[^=]*)?=(?!=).*");

    record Routed(Map<String, String> original, Map<String, String> port) {
        List<String> portList() {
            return port.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        }
    }

    private ParameterRouting() {
    }

    static Routed route(ParitySpec spec, Notebook original, Notebook port, List<String> both, List<String> originalOnly,
                        List<String> portOnly, Path work) {
        return route(spec, original, port, both, originalOnly, portOnly, work, spec.config());
    }

    /** @param config the port's config file (-f or the spec's), for {@code ${config}}; may be null */
    static Routed route(ParitySpec spec, Notebook original, Notebook port, List<String> both, List<String> originalOnly,
                        List<String> portOnly, Path work, Path config) {
        Map<String, String> cli = parse(both, "-p");
        Map<String, String> originalParams = new LinkedHashMap<>(spec.params());
        originalParams.putAll(spec.originalParams());
        Map<String, String> portParams = new LinkedHashMap<>(spec.params());
        portParams.putAll(spec.portParams());
        originalParams.replaceAll((k, v) -> substitute(v, spec, work, config, cli, k));
        portParams.replaceAll((k, v) -> substitute(v, spec, work, config, cli, k));

        Set<String> referenced = new LinkedHashSet<>();
        for (Map<String, String> m : List.of(spec.params(), spec.originalParams(), spec.portParams())) {
            m.values().forEach(v -> PLACEHOLDER.matcher(v).results().forEach(r -> referenced.add(r.group(1))));
        }
        Set<String> declaredOriginal = pythonParameters(original);
        Set<String> declaredPort = NotebookParameters.declared(port).keySet();
        Map<String, String> overrides = new LinkedHashMap<>();
        cli.forEach((name, value) -> {
            if (name.contains(".")) {
                portParams.put(name, value);
                overrides.put(name, value);
                return;
            }
            boolean used = referenced.contains(name);
            if (declaredOriginal.contains(name)) {
                originalParams.put(name, value);
                used = true;
            }
            if (declaredPort.contains(name)) {
                portParams.put(name, value);
                used = true;
            }
            if (!used) {
                throw BadInputException.parameter(name, "declared by neither notebook's parameters cell",
                        "original declares " + (declaredOriginal.isEmpty() ? "none" : String.join(", ", declaredOriginal))
                                + "; port declares " + (declaredPort.isEmpty() ? "none" : String.join(", ", declaredPort))
                                + " (use --original-param/--port-param for one side)");
            }
        });
        if (!overrides.isEmpty() && spec.originalOverrides() != null) {
            StringBuilder map = new StringBuilder("{");
            overrides.forEach((k, v) -> map.append(map.length() > 1 ? ", " : "").append(OriginalRunner.quote(k)).append(": ")
                    .append(yamlValue(v)));
            originalParams.put(spec.originalOverrides(), map.append('}').toString());
        }
        originalParams.putAll(parse(originalOnly, "--original-param"));
        portParams.putAll(parse(portOnly, "--port-param"));
        return new Routed(originalParams, portParams);
    }

    /** {@code v} as a YAML flow value: numbers, booleans, null, lists and mappings as written, anything else quoted. */
    private static String yamlValue(String v) {
        try {
            var node = org.cellbook.core.config.ConfigLoader.yamlMapper().readTree(v);
            if (node != null && !node.isTextual() && !node.isMissingNode()) {
                return v;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not YAML: quote it
        }
        return OriginalRunner.quote(v);
    }

    /** Names assigned in the original's cell tagged {@code parameters} (Python: {@code name = ...}). */
    static Set<String> pythonParameters(Notebook nb) {
        Set<String> out = new LinkedHashSet<>();
        for (Notebook.Cell c : nb.cells()) {
            if (c.isCode() && c.hasTag(NotebookParameters.PARAMETERS_TAG)) {
                for (String line : c.source().split("\n")) {
                    Matcher m = PY_ASSIGN.matcher(line);
                    if (m.matches()) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> parse(List<String> params, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw BadInputException.parameter(option + " " + p, "a parameter must look like name=value",
                        "for example " + option + " sample_sheet=data/samples.csv");
            }
            out.put(p.substring(0, eq).strip(), absoluteIfPath(p.substring(eq + 1)));
        }
        return out;
    }

    private static String substitute(String value, ParitySpec spec, Path work, Path config, Map<String, String> cli, String key) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = switch (name) {
                case "work" -> work.toString();
                case "spec_dir" -> spec.file().toAbsolutePath().getParent().toString();
                case "config" -> config == null ? null : config.toAbsolutePath().normalize().toString();
                default -> cli.get(name);
            };
            if (v == null) {
                throw new BadInputException(spec.file() + ": parameter '" + key + "'", "uses ${" + name + "}, but no -p "
                        + name + "=... was given", "pass -p " + name + "=VALUE");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return absoluteIfPath(b.toString());
    }

    /** A relative value naming an existing file or folder becomes absolute. */
    static String absoluteIfPath(String value) {
        try {
            Path p = Path.of(value);
            if (!value.isBlank() && !p.isAbsolute() && Files.exists(p)) {
                return p.toAbsolutePath().normalize().toString();
            }
        } catch (RuntimeException e) {
            // not a path
        }
        return value;
    }
}
