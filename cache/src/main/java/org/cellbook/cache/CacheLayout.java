package org.cellbook.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things live in a cache directory:
 * <pre>
 *   CACHEDIR.TAG                      marks the directory as a cache (backup tools skip it)
 *   fingerprints.json                 the file fingerprint index
 *   &lt;section&gt;/&lt;key&gt;.bin          entry data
 *   &lt;section&gt;/&lt;key&gt;.json         entry metadata (the commit marker)
 *   &lt;section&gt;/.&lt;key&gt;.bin.*.tmp    a write in progress, or left by a crashed writer
 *   locks/&lt;key&gt;.lock                held while a key is computed and written
 *   quarantine/&lt;key&gt;.&lt;time&gt;.bin   corrupt entries moved aside (and .json)
 * </pre>
 */
final class CacheLayout {
    static final String DATA = ".bin";
    static final String META = ".json";
    private static final String TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file marks a Cellbook cache directory (https://bford.info/cachedir/).\n";

    final Path root;

    CacheLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Creates the directory tree (idempotent). */
    void create() throws IOException {
        Files.createDirectories(root);
        for (Section s : Section.values()) {
            Files.createDirectories(sectionDir(s));
        }
        Files.createDirectories(locksDir());
        Path tag = root.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag)) {
            AtomicFiles.write(tag, TAG.getBytes(StandardCharsets.US_ASCII));
        }
    }

    Path sectionDir(Section s) {
        return root.resolve(s.dirName());
    }

    Path dataFile(Section s, String key) {
        return sectionDir(s).resolve(key + DATA);
    }

    Path metaFile(Section s, String key) {
        return sectionDir(s).resolve(key + META);
    }

    Path locksDir() {
        return root.resolve("locks");
    }

    /** The lock for a key, or for another lock name such as "fingerprints". */
    Path lockFile(String name) {
        return locksDir().resolve(name + ".lock");
    }

    Path quarantineDir() {
        return root.resolve("quarantine");
    }

    Path fingerprintIndex() {
        return root.resolve("fingerprints.json");
    }

    /** The key of an entry file name ("&lt;key&gt;.bin" or "&lt;key&gt;.json"), or null. */
    static String keyOf(Path file) {
        String n = file.getFileName().toString();
        if (n.length() < 64) {
            return null;
        }
        String key = n.substring(0, 64);
        String rest = n.substring(64);
        return CacheKey.isKey(key) && (rest.equals(DATA) || rest.equals(META)) ? key : null;
    }
}
