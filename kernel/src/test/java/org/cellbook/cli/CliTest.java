package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    private record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    /** As {@code main} builds it: only the named subcommand registered. */
    static Run runAsMain(String... args) {
        return run(Main.commandLine(args.length == 0 ? null : args[0]), args);
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command and subcommand, as argument paths (e.g. ["cache", "ls"]). */
    private static List<List<String>> commandPaths(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            out.add(p);
            out.addAll(commandPaths(e.getValue(), p));
        }
        return out;
    }

    @Test
    void commandLineWithOnlyTheInvokedSubcommandBehavesLikeTheFullOne() {
        for (List<String> p : commandPaths(Main.commandLine(), List.of())) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            String[] a = args.toArray(String[]::new);
            assertEquals(run(a), runAsMain(a), "help of " + p);
        }
        assertEquals(1, Main.commandLine("demo").getSubcommands().size());
        // No subcommand, an option or a misspelt one: the full list, for usage and suggestions.
        assertEquals(run(), runAsMain());
        assertEquals(run("--help"), runAsMain("--help"));
        Run typo = runAsMain("dmeo");
        assertEquals(run("dmeo"), typo);
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("demo"), typo.err());
    }

    @Test
    void everySubcommandHasHelp() {
        List<List<String>> paths = commandPaths(Main.commandLine(), List.of());
        assertTrue(paths.size() >= 2, "expected subcommands, got " + paths);
        for (List<String> p : paths) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), "exit code of " + args + ": " + r.err());
            assertTrue(r.out().contains("Usage: cellbook " + String.join(" ", p)), "usage of " + p + ":\n" + r.out());
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("--no-such-option");
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void configValidateNamesTheBadKeyAndExitsTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("c.yaml");
        java.nio.file.Files.writeString(f, "cv:\n  inner_splits: 1\n");
        Run r = run("config", "validate", f.toString());
        assertEquals(Main.EXIT_USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("cv.inner_splits"), r.err());
        Run schema = run("config", "schema");
        assertEquals(0, schema.code());
        assertTrue(schema.out().contains("\"min_genes\""), schema.out());
    }
}
