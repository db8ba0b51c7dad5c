package org.cellbook.cli;

import java.util.List;
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
        footer = {"",
                "Launcher commands (run by ./cellbook itself):",
                "  test    run every test; creates .venv for the Python-side tests when missing",
                "  setup   JDK check, Python environment and build, nothing else",
                "  daemon start [--idle-minutes N] | status | stop",
                "          a resident JVM for later `run`s: no JVM start-up or warm-up",
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
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Every subcommand, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            DaemonCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line in this JVM and returns its exit code (the daemon runs requests so). */
    static int execute(String[] args) {
        CommandLine cli = commandLine(args.length == 0 ? null : args[0]);
        int code = cli.execute(args);
        // picocli's writers flush only on println; System.exit would drop a trailing print().
        cli.getOut().flush();
        cli.getErr().flush();
        return code;
    }

    /** The configured command line with every subcommand; tests call this to run commands in-process. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for a run whose first argument is {@code first}. When that names a
     * subcommand, only that one is registered: picocli builds each registered command's model by
     * reflection, and building all of them was the largest part of a replayed run's start-up
     * (0.4 s of 1.5 s measured). Anything else (no argument, an option, a typo) gets them all,
     * so usage, help and "did you mean" stay complete.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> only = first == null ? null : SUBCOMMANDS.stream()
                .filter(c -> !c.equals(CommandLine.HelpCommand.class) && commandName(c).equals(first))
                .findFirst().orElse(null);
        for (Class<?> command : only == null ? SUBCOMMANDS : List.of(only)) {
            cli.addSubcommand(commandName(command), command);
        }
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

    private static String commandName(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
