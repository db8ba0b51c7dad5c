package org.cellbook.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarise an input: cells, genes, non-zeros, obs/var columns, per-sample counts, TCR coverage.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "10x directory, .h5, .h5ad, contig CSV or sample sheet")
    Path path;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("inspect: not yet wired");
    }
}
