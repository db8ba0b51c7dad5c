package org.cellbook.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.cellbook.runtime.Notebook;
import org.cellbook.runtime.NotebookRun;

/**
 * The Java side: runs a copy of the port with export cells injected through {@link NotebookRun}
 * (the kernel's evaluator in this JVM, the run context, parameters and config overrides as
 * {@code cellbook run} takes them). Executed copy {@code WORK/port.executed.ipynb} with its
 * manifest; exports in {@code WORK/port.exports/}.
 */
final class PortRunner {
    static final String SIDE = "port";

    private PortRunner() {
    }

    static final ExportInjection.Language JAVA = new ExportInjection.Language() {
        @Override
        public String setup(Path exportDir) {
            return "// cellbook parity: exports go to this folder\norg.cellbook.parity.Export.to(" + quote(exportDir.toString()) + ");";
        }

        @Override
        public String export(String id, String expr) {
            String e = expr.strip();
            while (e.endsWith(";")) {
                e = e.substring(0, e.length() - 1).strip();
            }
            // Runtime failures are recorded for the item (ID.error) and the notebook goes on.
            return "try {\n    org.cellbook.parity.Export.value(" + quote(id) + ", " + e + ");\n} catch (RuntimeException parityError) {\n"
                    + "    org.cellbook.parity.Export.failed(" + quote(id) + ", parityError);\n}";
        }
    };

    /**
     * @param params {@code name=value}: plain names are notebook parameters, dotted ones config overrides
     */
    static SideRun run(ParitySpec spec, Path port, List<String> params, Path config, Path work, Collection<Path> inputs,
                       boolean force, boolean noCache, Path cacheDir, Consumer<String> console) {
        Notebook nb = Notebook.read(port);
        List<ExportInjection.Mapped> mapped = ExportInjection.map(spec, SIDE, nb, port);
        Path exportDir = work.resolve(SIDE + ".exports");
        Notebook injected = ExportInjection.inject(nb, mapped, SIDE, JAVA, exportDir);
        Path input = work.resolve(SIDE + ".parity.ipynb");
        Path executed = work.resolve(SIDE + ".executed.ipynb");
        injected.write(input);
        List<Path> keyed = new ArrayList<>(inputs);
        if (config != null) {
            keyed.add(config);
        }
        String key;
        try {
            key = RunKey.of(SIDE, Files.readAllBytes(input), params, keyed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> ids = spec.items().stream().map(ParitySpec.Item::id).toList();
        if (!force && SideRun.reusable(work, SIDE, key, executed, exportDir, ids)) {
            console.accept("port: inputs unchanged, reusing " + executed);
            return new SideRun(SIDE, port, executed, exportDir, true, null, 0);
        }
        SideRun.reset(work, SIDE, exportDir);
        long start = System.nanoTime();
        NotebookRun.Request req = new NotebookRun.Request(port, params, config, executed,
                work.resolve(SIDE + ".manifest.json"), null, noCache, cacheDir, null, null, null,
                false); // parity's exports are files the cells write themselves: a replay would not restore them
        NotebookRun.Result r = NotebookRun.run(req, injected, line -> console.accept("[port] " + line.strip()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r.exitCode() == 0) {
            SideRun.recordKey(work, SIDE, key);
        }
        return new SideRun(SIDE, port, executed, exportDir, false, r.exitCode() == 0 ? null : r.message(), seconds);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
