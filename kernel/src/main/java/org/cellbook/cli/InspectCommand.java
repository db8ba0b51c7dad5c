package org.cellbook.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cellbook.core.io.InputSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Summarise an input: cells, genes, non-zeros, obs/var columns, per-sample counts, TCR coverage.",
                "PATH may be a Cell Ranger matrix directory, a 10x .h5, an .h5ad, a contig annotations CSV",
                "or a sample sheet (which loads the whole cohort)."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "10x directory, .h5, .h5ad, contig CSV or sample sheet")
    Path path;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(InputSummary.of(path));
        return 0;
    }
}
