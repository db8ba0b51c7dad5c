package org.cellbook.core.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python in the project's virtual environment: reference numbers from scanpy and
 * scikit-learn, the original notebooks, Ray's command line. Fails with a clear message when the
 * environment is missing instead of silently skipping.
 */
public final class PythonEnv {
    private final Path python;

    private PythonEnv(Path python) {
        this.python = python;
    }

    /** The project's venv; throws when it has not been created. */
    public static PythonEnv project() {
        Path py = Project.venvPython();
        if (!Files.isExecutable(py)) {
            throw new IllegalStateException("no Python environment at " + py
                    + "; run ./cellbook setup (or ./cellbook test, which creates it)");
        }
        return new PythonEnv(py);
    }

    public Path python() {
        return python;
    }

    /** Output of a finished Python process. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result orThrow(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "):\n" + stderr);
            }
            return this;
        }
    }

    /** Runs {@code python -c script args...}; the script reads {@code sys.argv[1:]}. */
    public Result runScript(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c", script));
        cmd.addAll(List.of(args));
        return run(cmd, 30, TimeUnit.MINUTES);
    }

    /** Runs a Python module ({@code python -m module args...}). */
    public Result runModule(String module, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", module));
        cmd.addAll(List.of(args));
        return run(cmd, 30, TimeUnit.MINUTES);
    }

    private static Result run(List<String> cmd, long timeout, TimeUnit unit) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("PYTHONHASHSEED", "0");
            pb.environment().put("OMP_NUM_THREADS", pb.environment().getOrDefault("OMP_NUM_THREADS", "2"));
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            if (!p.waitFor(timeout, unit)) {
                p.destroyForcibly();
                throw new IllegalStateException("python timed out after " + timeout + " " + unit + ": " + cmd);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running python", e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
