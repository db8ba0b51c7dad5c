package org.cellbook.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cellbook.runtime.NotebookRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cellbook run}: executes a Java notebook headless with the kernel's evaluator. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Execute a notebook headless (same evaluator as the kernel) and write the executed notebook,",
                "a run manifest next to it and, with --report, an HTML report. Stops at the first failing cell."},
        footer = {"", "Exit codes: 0 ok, 1 a cell failed, 2 bad parameter, config or input path."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NOTEBOOK.ipynb")
    Path notebook;

    @Option(names = "-p", paramLabel = "NAME=VALUE",
            description = "a notebook parameter (declared in the cell tagged 'parameters'), or a config override when NAME is dotted (qc.min_genes=300)")
    List<String> params = new ArrayList<>();

    @Option(names = "-f", paramLabel = "CONFIG.yaml", description = "pipeline config file (defaults < file < CELLBOOK_* env < -p)")
    Path config;

    @Option(names = "--output", paramLabel = "OUT.ipynb", description = "executed notebook; default NOTEBOOK.executed.ipynb")
    Path output;

    @Option(names = "--manifest", paramLabel = "FILE.json", description = "run manifest; default OUT.manifest.json")
    Path manifest;

    @Option(names = "--report", paramLabel = "OUT.html", description = "also write a self-contained HTML report")
    Path report;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "cache folder (default: config cache.dir, CELLBOOK_CACHE_DIR or .cellbook/cache)")
    Path cacheDir;

    @Mixin
    ExecutionOptions execution = new ExecutionOptions();

    @Override
    public Integer call() {
        NotebookRun.Result r = NotebookRun.run(request(), console(spec));
        return report(spec, r);
    }

    NotebookRun.Request request() {
        return new NotebookRun.Request(notebook, params, config, output, manifest, report, execution.noCache, cacheDir,
                execution.executorKind(), execution.workers, execution.rayAddress, !execution.noReplay);
    }

    /** Lines to the console's stderr (System.err itself is captured into cells while they run). */
    static Consumer<String> console(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /** Prints where things are, or the failing cell; returns the exit code. */
    static int report(CommandSpec spec, NotebookRun.Result r) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (r.exitCode() != 0) {
            err.println("error: " + r.message());
        }
        out.println("executed notebook: " + r.output());
        if (r.report() != null) {
            out.println("report:            " + r.report());
        }
        out.println("manifest:          " + r.manifest());
        out.println(r.cacheSummary());
        out.flush();
        err.flush();
        return r.exitCode();
    }
}
