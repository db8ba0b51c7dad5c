package org.cellbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cellbook.core.env.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel driven by real Jupyter clients: installs the kernelspec from the packaged jar into a
 * temporary prefix and runs the pytest suite in kernel/src/test/python (jupyter_kernel_test,
 * jupyter_client, nbclient, nbconvert) with the project's venv. Fails with pytest's output.
 */
class KernelProtocolIT {
    private static final Path ROOT = Project.root();
    private static final String NAME = "cellbook-it";

    @Test
    void realJupyterClientsPass(@TempDir Path prefix) throws Exception {
        Path python = Project.venvPython();
        assertTrue(Files.isExecutable(python), "the Python venv is missing (" + python + "); run ./cellbook setup");
        Path jar = ROOT.resolve("kernel/target/cellbook.jar");
        assertTrue(Files.isRegularFile(jar), "package the kernel first: " + jar);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> install = new ArrayList<>(List.of(java.toString()));
        install.addAll(List.of(Files.readString(ROOT.resolve("kernel/target/jvm-flags.txt")).trim().split("\\s+")));
        install.addAll(List.of("-jar", jar.toString(), "kernel", "install", "--prefix", prefix.toString(), "--name", NAME));
        Result installed = run(install, prefix, 120);
        assertEquals(0, installed.exit(), installed.output());
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/" + NAME + "/kernel.json")), installed.output());

        List<String> pytest = List.of(python.toString(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA",
                ROOT.resolve("kernel/src/test/python").toString());
        Result r = run(pytest, prefix, 1200);
        if (r.exit() != 0) {
            fail("pytest failed (exit " + r.exit() + "):\n" + r.output());
        }
        String[] lines = r.output().strip().split("\n");
        System.out.println("pytest: " + lines[lines.length - 1]); // e.g. "29 passed, 18 subtests passed in 180s"

    }

    private record Result(int exit, String output) { }

    private static Result run(List<String> cmd, Path prefix, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(ROOT.toFile());
        pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        pb.environment().put("JUPYTER_CONFIG_DIR", prefix.resolve("config").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", prefix.resolve("runtime").toString());
        pb.environment().put("CELLBOOK_KERNEL_NAME", NAME);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        Path log = Files.createTempFile(prefix, "out", ".log");
        Thread pump = new Thread(() -> {
            try (var in = p.getInputStream()) {
                Files.copy(in, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                // the process died; its exit code says so
            }
        });
        pump.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            pump.join(5000);
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        pump.join();
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
