package org.cellbook.cache;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Content hashes of input files, with a fast path: a file whose size, modification time and
 * file key (inode) match the index is not read again; any change to those and it is re-hashed.
 * Only content counts, so touching a file never changes a key, and editing it always does
 * (unless size, mtime and inode all stay the same, which ordinary writes cannot do: to cover
 * coarse timestamps, files modified within {@value #RACY_MILLIS} ms of being hashed are not
 * entered in the index).
 *
 * <p>A file's fingerprint is the hex SHA-256 of its bytes. A directory's is the hex SHA-256 of
 * {@code str("cellbook-dir/v1") u32(n)} followed, for each regular file below it sorted by its
 * '/'-separated relative path, by {@code str(relative path) str(file fingerprint)} (encodings as
 * in {@link CacheKey}).
 *
 * <p>The index is {@code fingerprints.json} in the cache directory, replaced atomically under
 * a lock file and merged with what other processes wrote. Thread-safe.
 */
public final class FileFingerprints {
    static final long RACY_MILLIS = 2_000;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path indexFile;
    private final Path lockFile;
    private final Map<String, Fingerprint> known = new HashMap<>(); // guarded by this
    private boolean loaded; // guarded by this

    /** One index entry (public for JSON binding). */
    public record Fingerprint(long size, long mtimeNanos, String fileKey, String sha256) {
    }

    /** The index file's content (public for JSON binding). */
    public record Index(int version, Map<String, Fingerprint> files) {
    }

    private FileFingerprints(Path indexFile, Path lockFile) {
        this.indexFile = indexFile;
        this.lockFile = lockFile;
    }

    /** Hashes every file in full, every time. */
    public static FileFingerprints uncached() {
        return new FileFingerprints(null, null);
    }

    static FileFingerprints open(Path indexFile, Path lockFile) {
        return new FileFingerprints(indexFile, lockFile);
    }

    /**
     * The content fingerprint of a file or directory.
     *
     * @throws UncheckedIOException naming the path when it does not exist or cannot be read
     */
    public String sha256(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Map<String, Fingerprint> updates = new HashMap<>();
        try {
            BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
            String digest = attrs.isDirectory() ? directoryHash(abs, updates) : fileHash(abs, attrs, updates);
            save(updates);
            return digest;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cache key input " + path + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache key input " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The fingerprints of several files or directories, in their order: as {@link #sha256} each,
     * but files not in the index are hashed in parallel and the index is written once, not once
     * per file (a cohort's load step names a few dozen files).
     *
     * @throws UncheckedIOException naming a path that does not exist or cannot be read
     */
    public List<String> sha256All(List<Path> paths) {
        Map<String, Fingerprint> updates = new java.util.concurrent.ConcurrentHashMap<>();
        String[] out = new String[paths.size()];
        java.util.stream.IntStream.range(0, paths.size()).parallel().forEach(i -> {
            Path path = paths.get(i);
            Path abs = path.toAbsolutePath().normalize();
            Map<String, Fingerprint> mine = new HashMap<>();
            try {
                BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class);
                out[i] = attrs.isDirectory() ? directoryHash(abs, mine) : fileHash(abs, attrs, mine);
            } catch (NoSuchFileException e) {
                throw new UncheckedIOException("cache key input " + path + " does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read cache key input " + path + ": " + e.getMessage(), e);
            }
            updates.putAll(mine);
        });
        save(updates);
        return List.of(out);
    }

    private String directoryHash(Path dir, Map<String, Fingerprint> updates) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"), p);
                }
            }
        }
        MessageDigest sha = sha256();
        CanonicalEncoder enc = new CanonicalEncoder(sha);
        enc.string("cellbook-dir/v1");
        enc.u32(files.size());
        for (Map.Entry<String, Path> e : files.entrySet()) {
            enc.string(e.getKey());
            enc.string(fileHash(e.getValue(), Files.readAttributes(e.getValue(), BasicFileAttributes.class), updates));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private String fileHash(Path file, BasicFileAttributes attrs, Map<String, Fingerprint> updates) throws IOException {
        String id = file.toString();
        long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        String fileKey = String.valueOf(attrs.fileKey());
        Fingerprint old;
        synchronized (this) {
            load();
            old = known.get(id);
        }
        if (old != null && old.size() == attrs.size() && old.mtimeNanos() == mtime && fileKey.equals(old.fileKey())) {
            return old.sha256();
        }
        long started = System.currentTimeMillis();
        String hex = contentHash(file);
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        boolean unchanged = after.size() == attrs.size() && after.lastModifiedTime().to(TimeUnit.NANOSECONDS) == mtime;
        boolean racy = TimeUnit.NANOSECONDS.toMillis(mtime) > started - RACY_MILLIS;
        if (indexFile != null && unchanged && !racy) {
            Fingerprint fresh = new Fingerprint(attrs.size(), mtime, fileKey, hex);
            updates.put(id, fresh);
            synchronized (this) {
                known.put(id, fresh);
            }
        }
        return hex;
    }

    private static String contentHash(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) >= 0) {
                buf.flip();
                sha.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private void load() {
        if (!loaded && indexFile != null) {
            loaded = true;
            known.putAll(readIndex());
        }
    }

    private Map<String, Fingerprint> readIndex() {
        try {
            Index index = JSON.readValue(Files.readAllBytes(indexFile), Index.class);
            return index == null || index.files() == null ? Map.of() : index.files();
        } catch (IOException e) {
            return Map.of(); // missing or damaged: the index is only a shortcut, rebuild it
        }
    }

    /** Merges new fingerprints into the index file under its lock. The index is a shortcut: failures are ignored. */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    private void save(Map<String, Fingerprint> updates) {
        if (indexFile == null || updates.isEmpty()) {
            return;
        }
        try (KeyLocks.Lock lock = KeyLocks.acquire(lockFile)) {
            Map<String, Fingerprint> merged = new TreeMap<>(readIndex());
            merged.putAll(updates);
            merged.keySet().removeIf(p -> !Files.exists(Path.of(p)));
            AtomicFiles.write(indexFile, JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new Index(1, merged)).getBytes(StandardCharsets.UTF_8));
            synchronized (this) {
                merged.forEach(known::putIfAbsent);
            }
        } catch (IOException e) {
            // next time these files are simply hashed again
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "FileFingerprints[" + Objects.requireNonNullElse(indexFile, "uncached") + "]";
    }

}
