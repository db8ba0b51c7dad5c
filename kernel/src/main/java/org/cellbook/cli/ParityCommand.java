package org.cellbook.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cellbook.parity.CellList;
import org.cellbook.parity.ParityReport;
import org.cellbook.parity.ParityRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cellbook parity}: shows, item by item, that a Java port agrees with its Python original. */
@Command(name = "parity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a Python original (nbclient, venv python3 kernel) and its Java port (headless runtime),",
                "export the values a spec maps after the mapped cells (the notebooks are not edited), compare them",
                "item by item and report. Executed copies are reused while notebooks, parameters and inputs are unchanged."},
        footer = {"", "Exit codes: 0 every item agrees, 1 an item fails (or a notebook failed), 2 bad spec, parameter or path."})
final class ParityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--original", paramLabel = "ORIGINAL.ipynb", description = "the Python notebook (default: the spec's 'original')")
    Path original;

    @Option(names = "--port", paramLabel = "PORT.ipynb", description = "the Java notebook (default: the spec's 'port')")
    Path port;

    @Option(names = "--spec", paramLabel = "parity.yaml", description = "the item mapping")
    Path specFile;

    @Option(names = "--report", paramLabel = "OUT.html", description = "write the HTML report")
    Path report;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the report as JSON")
    Path json;

    @Option(names = "-p", paramLabel = "NAME=VALUE",
            description = {"a parameter for each notebook that declares NAME; a dotted NAME (qc.min_genes) overrides the",
                    "port's config and goes into the original's 'original_overrides' mapping parameter when the spec names one"})
    List<String> params = new ArrayList<>();

    @Option(names = "--original-param", paramLabel = "NAME=VALUE", description = "a parameter for the original only (Python literal typed as YAML)")
    List<String> originalParams = new ArrayList<>();

    @Option(names = "--port-param", paramLabel = "NAME=VALUE", description = "a parameter or dotted config override for the port only")
    List<String> portParams = new ArrayList<>();

    @Option(names = "-f", paramLabel = "CONFIG.yaml", description = "pipeline config for the port (default: the spec's 'config')")
    Path config;

    @Option(names = "--work", paramLabel = "DIR", description = "executed copies, exports, reuse keys (default: parity-work beside the report)")
    Path work;

    @Option(names = "--force", description = "run both notebooks even when their executed copies could be reused")
    boolean force;

    @Option(names = "--no-cache", description = "the port computes every pipeline step")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "the port's pipeline cache (default: WORK/cache)")
    Path cacheDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "per-cell timeout for the original (default 1800)")
    int timeout = 1800;

    @Option(names = "--cells", paramLabel = "NOTEBOOK.ipynb",
            description = "list a notebook's code cells with index, tags and fingerprint (for writing selectors), then exit")
    Path cells;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (cells != null) {
            CellList.lines(cells).forEach(out::println);
            out.flush();
            return Main.EXIT_OK;
        }
        if (specFile == null) {
            throw org.cellbook.core.BadInputException.parameter("--spec", "missing", "give the parity spec (parity.yaml)");
        }
        ParityRun.Request req = new ParityRun.Request(specFile, original, port, params, originalParams, portParams, config, report, json, work, force,
                noCache, cacheDir, timeout);
        ParityReport r = ParityRun.run(req, RunCommand.console(spec));
        r.lines().forEach(out::println);
        if (report != null) {
            out.println("report: " + report);
        }
        if (json != null) {
            out.println("json:   " + json);
        }
        out.flush();
        return r.exitCode();
    }

}
