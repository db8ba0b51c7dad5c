package org.cellbook.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.cellbook.core.BadInputException;
import org.cellbook.core.config.ConfigLoader;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.AtomicWrite;
import org.cellbook.runtime.Notebook;
import org.cellbook.runtime.NotebookParameters;

/**
 * The Python side: runs a copy of the original notebook, with export cells and papermill-style
 * parameters injected, through nbclient on the venv's {@code python3} kernel (driver.py, run with
 * the project's venv python), working directory the notebook's folder. The original file is never
 * written. Executed copy: {@code WORK/original.executed.ipynb}; exports: {@code WORK/original.exports/}.
 */
final class OriginalRunner {
    static final String SIDE = "original";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OriginalRunner() {
    }

    static final ExportInjection.Language PYTHON = new ExportInjection.Language() {
        @Override
        public String setup(Path exportDir) {
            return resource("export.py") + "\n__cellbook_parity_dir = " + quote(exportDir.toString()) + "\n";
        }

        @Override
        public String export(String id, String expr) {
            return "__cellbook_parity_export(" + quote(id) + ", lambda: (\n" + expr + "\n))";
        }
    };

    static SideRun run(ParitySpec spec, Path original, Map<String, String> params, Path work, Collection<Path> inputs,
                       boolean force, int timeoutSeconds, Consumer<String> console) {
        Notebook nb = Notebook.read(original);
        List<ExportInjection.Mapped> mapped = ExportInjection.map(spec, SIDE, nb, original);
        Path exportDir = work.resolve(SIDE + ".exports");
        Notebook injected = withParameters(ExportInjection.inject(nb, mapped, SIDE, PYTHON, exportDir), params);
        Path input = work.resolve(SIDE + ".parity.ipynb");
        Path executed = work.resolve(SIDE + ".executed.ipynb");
        injected.write(input);
        String key = RunKey.of(SIDE, read(input), params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), inputs);
        List<String> ids = spec.items().stream().map(ParitySpec.Item::id).toList();
        if (!force && SideRun.reusable(work, SIDE, key, executed, exportDir, ids)) {
            console.accept("original: inputs unchanged, reusing " + executed);
            return new SideRun(SIDE, original, executed, exportDir, true, null, 0);
        }
        SideRun.reset(work, SIDE, exportDir);
        Path driver = work.resolve(".parity-driver.py");
        AtomicWrite.writeString(driver, resource("driver.py"));
        PythonEnv py = PythonEnv.project();
        long start = System.nanoTime();
        List<String> cmd = List.of(py.python().toString(), driver.toString(), input.toString(), executed.toString(),
                original.toAbsolutePath().getParent().toString(), Integer.toString(timeoutSeconds));
        String failure = exec(cmd, console);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure == null) {
            SideRun.recordKey(work, SIDE, key);
        }
        return new SideRun(SIDE, original, executed, exportDir, false, failure, seconds);
    }

    /**
     * Papermill's injection for Python: {@code name = literal} lines in a cell tagged
     * {@code injected-parameters} after the cell tagged {@code parameters} (or first, when none is).
     * Values are typed by {@link #pythonLiteral}.
     */
    static Notebook withParameters(Notebook nb, Map<String, String> params) {
        if (params.isEmpty()) {
            return nb;
        }
        List<String> lines = new ArrayList<>(List.of("# Parameters injected by cellbook parity"));
        params.forEach((k, v) -> {
            if (!k.matches("[A-Za-z_]\\w*")) {
                throw BadInputException.parameter(k, "is not a Python identifier", "use plain names for the original's parameters");
            }
            lines.add(k + " = " + pythonLiteral(v));
        });
        int at = 0;
        for (Notebook.Cell c : nb.cells()) {
            if (c.isCode() && c.hasTag(NotebookParameters.PARAMETERS_TAG)) {
                at = c.index() + 1;
                break;
            }
        }
        nb.insertCode(at, String.join("\n", lines), List.of(NotebookParameters.INJECTED_TAG));
        return nb;
    }

    /**
     * The Python literal for a parameter value read as YAML, as papermill's -y and run_original.py
     * do: numbers, booleans (true/True), null/None, lists and mappings ({"preprocess.n_top_genes": 200});
     * anything else is a string.
     */
    static String pythonLiteral(String raw) {
        String v = raw.strip();
        switch (v) {
            case "True", "False", "None" -> {
                return v;
            }
            default -> {
            }
        }
        JsonNode node;
        try {
            node = ConfigLoader.yamlMapper().readTree(v);
        } catch (IOException | RuntimeException e) {
            return quote(raw);
        }
        if (node == null || node.isMissingNode() || (node.isTextual() && !NUMBER.matcher(v).matches())) {
            return quote(raw);
        }
        return literal(node, v);
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private static String literal(JsonNode n, String text) {
        if (n.isNull()) {
            return "None";
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? "True" : "False";
        }
        if (n.isIntegralNumber()) {
            return n.asText();
        }
        if (n.isNumber() || (n.isTextual() && NUMBER.matcher(n.asText()).matches())) {
            double d = n.asDouble();
            return Double.isFinite(d) ? Double.toString(d) : "float('" + d + "')";
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(x -> items.add(literal(x, x.asText())));
            return "[" + String.join(", ", items) + "]";
        }
        if (n.isObject()) {
            List<String> items = new ArrayList<>();
            n.fields().forEachRemaining(e -> items.add(quote(e.getKey()) + ": " + literal(e.getValue(), e.getValue().asText())));
            return "{" + String.join(", ", items) + "}";
        }
        return quote(n.asText());
    }

    /** A Python string literal (JSON string syntax is valid Python for these). */
    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = OriginalRunner.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the driver, streaming its stderr to the console; null on success, else the failure line. */
    private static String exec(List<String> cmd, Consumer<String> console) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("PYTHONHASHSEED", "0");
            pb.environment().putIfAbsent("OMP_NUM_THREADS", "2");
            pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream(), line -> { }));
            StringBuilder failed = new StringBuilder();
            StringBuilder tail = new StringBuilder();
            drain(p.getErrorStream(), line -> {
                if (line.startsWith("[original ")) {
                    console.accept(line);
                } else if (line.startsWith("FAILED")) {
                    failed.append(line.substring(line.indexOf(' ') + 1));
                } else {
                    tail.append(line).append('\n');
                    if (tail.length() > 4000) {
                        tail.delete(0, tail.length() - 4000);
                    }
                }
            });
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "the Python driver did not exit";
            }
            out.join();
            if (p.exitValue() == 0) {
                return null;
            }
            return !failed.isEmpty() ? failed.toString() : "python exited with " + p.exitValue() + ":\n" + tail;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the original", e);
        }
    }

    private static String drain(InputStream in, Consumer<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line);
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
