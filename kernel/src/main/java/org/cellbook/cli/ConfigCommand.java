package org.cellbook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.cellbook.core.config.PipelineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The pipeline configuration: its JSON Schema, the resolved values, validation.",
        subcommands = {ConfigCommand.Schema.class, ConfigCommand.Show.class, ConfigCommand.Validate.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the config's JSON Schema.")
    static final class Schema implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(PipelineConfig.loader().schema("Cellbook pipeline config").toPrettyString());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the resolved config: defaults < file < CELLBOOK_<SECTION>__<KEY> < -p key=value.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--file"}, paramLabel = "CONFIG.yaml", description = "Config file")
        Path file;

        @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "Override one key, e.g. -p qc.min_genes=300")
        List<String> params = new ArrayList<>();

        @Option(names = "--sources", description = "Also list where each non-default value came from")
        boolean sources;

        @Override
        public Integer call() {
            var resolved = PipelineConfig.loader().resolve(file, System.getenv(), params);
            var out = spec.commandLine().getOut();
            out.print(resolved.toYaml());
            if (sources) {
                out.println("# sources:");
                resolved.sources().forEach((k, v) -> out.println("#   " + k + ": " + v));
            }
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a config file; exit 2 naming the bad key.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CONFIG.yaml")
        Path file;

        @Override
        public Integer call() {
            PipelineConfig.loader().resolve(file, System.getenv(), List.of());
            spec.commandLine().getOut().println(file + ": valid");
            return 0;
        }
    }
}
