package org.cellbook.cli;

import org.cellbook.core.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cellbook} command line. Exit codes: 0 ok, 1 run failure, 2 usage or input error.
 * {@code test} and {@code setup} are handled by the ./cellbook launcher script before Java starts.
 */
@Command(name = "cellbook",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Single-cell analysis notebooks in Java: readers, pipeline steps, cache, kernel.",
        subcommands = {
                InspectCommand.class,
                CacheCommand.class,
                SynthCommand.class,
                ConfigCommand.class,
                ManifestCommand.class,
                KernelCommand.class,
                RunCommand.class,
                ReportCommand.class,
                DemoCommand.class,
                RayCommand.class,
                ParityCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"",
                "Launcher commands (run by ./cellbook itself):",
                "  test    run every test; creates .venv for the Python-side tests when missing",
                "  setup   JDK check, Python environment and build, nothing else",
                "",
                "Exit codes: 0 ok, 1 run failure, 2 usage or input error."})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        // picocli's writers flush only on println; System.exit would drop a trailing print().
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }

    /** The configured command line; tests call this to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException bad) {
                commandLine.getErr().println("error: " + bad.getMessage());
                return EXIT_USAGE;
            }
            commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("CELLBOOK_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set CELLBOOK_DEBUG=1 for the stack trace)");
            }
            return EXIT_FAILURE;
        });
        return cli;
    }
}
