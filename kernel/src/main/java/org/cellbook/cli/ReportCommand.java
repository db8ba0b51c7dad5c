package org.cellbook.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cellbook.runtime.HtmlReport;
import org.cellbook.runtime.Notebook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cellbook report}: a self-contained HTML page from an executed notebook. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (tables, plots, per-cell time and cache use) of an executed notebook.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "EXECUTED.ipynb")
    Path notebook;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html", description = "default: EXECUTED.html")
    Path out;

    @Override
    public Integer call() {
        Notebook nb = Notebook.read(notebook);
        String name = notebook.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) : name;
        Path target = out != null ? out : notebook.toAbsolutePath().resolveSibling(stem + ".html");
        HtmlReport.write(nb, stem, target);
        spec.commandLine().getOut().println("report: " + target);
        return 0;
    }
}
