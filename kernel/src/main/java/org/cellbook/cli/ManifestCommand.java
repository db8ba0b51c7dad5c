package org.cellbook.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cellbook.core.provenance.RunManifest;
import org.cellbook.core.provenance.RunManifests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "manifest", mixinStandardHelpOptions = true, description = "Run manifests: validate one, print the schema.",
        subcommands = {ManifestCommand.Validate.class, ManifestCommand.Schema.class})
final class ManifestCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a run manifest; exit 2 naming the bad field.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MANIFEST.json")
        Path path;

        @Override
        public Integer call() {
            RunManifest m = RunManifests.read(path);
            spec.commandLine().getOut().printf("%s: valid (schema v%d, run %s, %s, %d steps)%n",
                    path, m.schemaVersion(), m.runId(), m.status(), m.steps() == null ? 0 : m.steps().size());
            return 0;
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the run manifest's JSON Schema.")
    static final class Schema implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(RunManifests.schema().toPrettyString());
            return 0;
        }
    }
}
