package org.cellbook.parity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.cellbook.cache.FileFingerprints;

/**
 * When an executed copy may be reused: a hash of everything that decides what it computes — the
 * injected notebook (its source, the export snippets and the parameters written into it), the
 * parameters passed beside it, and the content fingerprints of its input files and folders. A
 * missing input enters as "missing", so creating it changes the key.
 */
final class RunKey {
    private static final String VERSION = "cellbook-parity/v1";

    private RunKey() {
    }

    static String of(String side, byte[] injectedNotebook, Collection<String> params, Collection<Path> inputs) {
        List<String> parts = new ArrayList<>();
        parts.add(VERSION);
        parts.add(side);
        parts.add(sha256(injectedNotebook));
        params.stream().sorted().forEach(p -> parts.add("param " + p));
        FileFingerprints fp = FileFingerprints.uncached();
        inputs.stream().map(p -> p.toAbsolutePath().normalize()).distinct().sorted().forEach(p ->
                parts.add("input " + p + " " + (Files.exists(p) ? fp.sha256(p) : "missing")));
        return sha256(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
