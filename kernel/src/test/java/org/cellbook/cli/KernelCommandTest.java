package org.cellbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.kernel.spec.KernelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KernelCommandTest {
    private record Run(int code, String out, String err) { }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static Path fakeJar(Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("cellbook.jar"), "not really a jar");
        Files.writeString(dir.resolve("jvm-flags.txt"), "--add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED\n");
        return jar;
    }

    @Test
    void installWritesAKernelJsonThatStartsTheJarWithItsFlags(@TempDir Path tmp) throws Exception {
        Path jar = fakeJar(Files.createDirectories(tmp.resolve("target")));
        Run r = run("kernel", "install", "--prefix", tmp.resolve("p").toString(), "--name", "cb-test", "--jar", jar.toString());
        assertEquals(0, r.code(), r.err());
        Path json = tmp.resolve("p/share/jupyter/kernels/cb-test/kernel.json");
        JsonNode spec = new ObjectMapper().readTree(json.toFile());
        List<String> argv = new ObjectMapper().convertValue(spec.get("argv"), List.class);
        assertTrue(argv.get(0).endsWith("/bin/java"), argv.toString());
        assertEquals(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-jar",
                jar.toAbsolutePath().toString(), "kernel", "start", "--connection-file", "{connection_file}"), argv.subList(1, argv.size()));
        assertEquals("message", spec.get("interrupt_mode").asText());
        assertEquals("java", spec.get("language").asText());

        List<KernelSpecs.Installed> listed = KernelSpecs.list(List.of(tmp.resolve("p/share/jupyter")));
        assertEquals(List.of("cb-test"), listed.stream().map(KernelSpecs.Installed::name).toList());

        Run removed = run("kernel", "remove", "cb-test", "--prefix", tmp.resolve("p").toString());
        assertEquals(0, removed.code(), removed.err());
        assertFalse(Files.exists(json));
    }

    @Test
    void badNameIsAUsageError(@TempDir Path tmp) throws Exception {
        Path jar = fakeJar(tmp);
        Run r = run("kernel", "install", "--prefix", tmp.toString(), "--name", "no spaces", "--jar", jar.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--name"), r.err());
    }

    @Test
    void missingJarIsAUsageError(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("jvm-flags.txt"), "");
        Run r = run("kernel", "install", "--prefix", tmp.toString(), "--jar", tmp.resolve("cellbook.jar").toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("cellbook.jar"), r.err());
    }

    @Test
    void removingAnUnknownOrForeignSpecIsAUsageError(@TempDir Path tmp) throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("share/jupyter/kernels/python3"));
        Files.writeString(foreign.resolve("kernel.json"), "{\"argv\": [\"python\"], \"display_name\": \"Python 3\"}");
        Run r = run("kernel", "remove", "python3", "--prefix", tmp.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(Files.exists(foreign.resolve("kernel.json")), "a non-Cellbook spec must not be deleted");
    }

    @Test
    void startWithoutAConnectionFileIsAUsageError(@TempDir Path tmp) {
        Run r = run("kernel", "start", "--connection-file", tmp.resolve("missing.json").toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("missing.json"), r.err());
    }
}
