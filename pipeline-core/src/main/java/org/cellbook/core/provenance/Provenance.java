package org.cellbook.core.provenance;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cellbook.cache.FileFingerprints;

/** Captures the parts of a {@link RunManifest} that describe the machine, the code and files. */
public final class Provenance {
    private Provenance() {
    }

    public static RunManifest.Environment environment() {
        return new RunManifest.Environment(System.getProperty("java.vendor"), Runtime.version().toString(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), cpuModel(), Runtime.getRuntime().maxMemory(),
                version());
    }

    private static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the architecture is recorded anyway.
        }
        return System.getProperty("os.arch");
    }

    /** The jars on the class path (the launcher's manifest class path included) and a hash over them. */
    public static RunManifest.Dependencies dependencies() {
        List<String> jars = new ArrayList<>();
        List<String> keyed = new ArrayList<>();
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                String name = p.getFileName().toString();
                jars.add(name);
                try {
                    keyed.add(name + ":" + Files.size(p));
                } catch (IOException e) {
                    keyed.add(name + ":?");
                }
            }
        }
        jars.sort(null);
        keyed.sort(null);
        return new RunManifest.Dependencies(sha256(String.join("\n", keyed).getBytes(StandardCharsets.UTF_8)), jars);
    }

    private static List<String> classPath() {
        List<String> entries = new ArrayList<>(List.of(ManagementFactory.getRuntimeMXBean().getClassPath().split(File.pathSeparator)));
        // java -jar cellbook.jar: the dependencies are in the jar manifest's Class-Path, beside it in lib/.
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            Path lib = Path.of(entries.get(0)).toAbsolutePath().getParent().resolve("lib");
            try (var files = Files.list(lib)) {
                files.forEach(f -> entries.add(f.toString()));
            } catch (IOException e) {
                // No lib folder: only the jar itself is recorded.
            }
        }
        return entries;
    }

    /** HEAD commit and dirty flag of the repository holding {@code dir}, or nulls outside git. */
    public static RunManifest.Git git(Path dir) {
        String commit = runGit(dir, "rev-parse", "HEAD");
        if (commit == null) {
            return new RunManifest.Git(null, false);
        }
        String status = runGit(dir, "status", "--porcelain", "--untracked-files=no");
        return new RunManifest.Git(commit, status != null && !status.isEmpty());
    }

    private static String runGit(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.getErrorStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Path, size and SHA-256 of a file (hashed by the cache's fingerprinting, so both agree). */
    public static RunManifest.FileRecord file(Path p) {
        return file(p, FileFingerprints.uncached());
    }

    /**
     * As {@link #file(Path)}, through {@code fingerprints}: a cache's stat-keyed index answers for a
     * file it has hashed before (the run's inputs and its replayed results) without reading it again.
     */
    public static RunManifest.FileRecord file(Path p, FileFingerprints fingerprints) {
        try {
            return new RunManifest.FileRecord(p.toString(), Files.size(p), fingerprints.sha256(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot fingerprint " + p, e);
        }
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
