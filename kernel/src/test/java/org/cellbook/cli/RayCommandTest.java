package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RayCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void executorRayWithoutAnAddressIsExit2NamingTheWaysToGiveOne(@TempDir Path tmp) throws Exception {
        Path nb = tmp.resolve("empty.ipynb");
        Files.writeString(nb, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Run r = run("run", nb.toString(), "--executor", "ray", "--no-cache", "-p", "execution.ray_address=");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("RAY_ADDRESS") && r.err().contains("--ray-address")
                && r.err().contains("cellbook ray start"), r.err());
    }

    @Test
    void anUnknownExecutorNamesTheKinds(@TempDir Path tmp) throws Exception {
        Path nb = tmp.resolve("empty.ipynb");
        Files.writeString(nb, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        Run r = run("run", nb.toString(), "--executor", "spark");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("sequential, threads, ray or auto"), r.err());
    }
}
