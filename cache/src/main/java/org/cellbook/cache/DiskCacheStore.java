package org.cellbook.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The store on disk; see {@link CacheStore} for the contract and {@link CacheLayout} for the files. */
final class DiskCacheStore implements CacheStore {
    private final CacheLayout layout;
    private final CacheListener listener;
    private final FileFingerprints fingerprints;
    private final CacheStats stats = new CacheStats(true);

    DiskCacheStore(Path dir, CacheListener listener) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a directory");
        }
        this.layout = new CacheLayout(dir);
        this.listener = Objects.requireNonNull(listener, "listener");
        layout.create();
        this.fingerprints = FileFingerprints.open(layout.fingerprintIndex(), layout.lockFile("fingerprints"));
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<Path> dir() {
        return Optional.of(layout.root);
    }

    @Override
    public FileFingerprints fingerprints() {
        return fingerprints;
    }

    @Override
    public CacheStats stats() {
        return stats;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public <T> T getOrCompute(CacheKey key, Section section, Codec<T> codec, Supplier<? extends T> compute) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(compute, "compute");
        Optional<T> hit = read(key, section, codec, false, false);
        if (hit.isPresent()) {
            return hit.get();
        }
        try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(key.hex()))) {
            hit = read(key, section, codec, true, true);
            if (hit.isPresent()) {
                return hit.get();
            }
            long start = System.nanoTime();
            T value = compute.get();
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (value == null) {
                throw new NullPointerException("the computation of " + key + " returned null; the cache stores values only");
            }
            stats.miss(millis);
            write(key, section, codec, value, millis);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + key + " in the cache " + layout.root + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public <T> Optional<T> get(CacheKey key, Codec<T> codec) {
        Optional<T> hit = read(key, Section.DATA, codec, false, false);
        if (hit.isPresent() || !contains(key)) {
            return hit;
        }
        try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(key.hex()))) {
            return read(key, Section.DATA, codec, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + key + " in the cache " + layout.root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(CacheKey key) {
        for (Section s : Section.values()) {
            if (Files.exists(layout.metaFile(s, key.hex()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<CacheEntry> entry(CacheKey key) {
        for (Section s : Section.values()) {
            Optional<CacheEntry> e = describe(s, key.hex());
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public boolean invalidate(CacheKey key) {
        try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(key.hex()))) {
            boolean any = false;
            for (Section s : Section.values()) {
                any |= deleteEntry(s, key.hex());
            }
            return any;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot invalidate " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public int clear(Section section) {
        int removed = 0;
        try {
            for (String key : keysIn(section)) {
                try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(key))) {
                    removed += deleteEntry(section, key) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + layout.sectionDir(section) + ": " + e.getMessage(), e);
        }
        return removed;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public int clearWhere(java.util.function.Predicate<EntryMetadata> filter) {
        Objects.requireNonNull(filter, "filter");
        int removed = 0;
        for (Section section : Section.values()) {
            try {
                for (String key : keysIn(section)) {
                    Optional<CacheEntry> e = describe(section, key);
                    if (e.isPresent() && filter.test(e.get().metadata())) {
                        try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(key))) {
                            removed += deleteEntry(section, key) ? 1 : 0;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear entries in " + layout.sectionDir(section) + ": "
                        + e.getMessage(), e);
            }
        }
        return removed;
    }

    @Override
    public List<CacheEntry> entries(Section section) {
        List<CacheEntry> out = new ArrayList<>();
        try {
            for (String key : keysIn(section)) {
                describe(section, key).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.sectionDir(section) + ": " + e.getMessage(), e);
        }
        out.sort(LEAST_RECENTLY_USED);
        return out;
    }

    @Override
    public List<CacheEntry> entries() {
        List<CacheEntry> out = new ArrayList<>();
        for (Section s : Section.values()) {
            out.addAll(entries(s));
        }
        out.sort(LEAST_RECENTLY_USED);
        return out;
    }

    @Override
    public VerifyReport verify() {
        return new CacheMaintenance(this).verify();
    }

    @Override
    public PruneReport prune(long maxBytes) {
        return new CacheMaintenance(this).prune(maxBytes);
    }

    @Override
    public String toString() {
        return "CacheStore[" + layout.root + "]";
    }

    static final Comparator<CacheEntry> LEAST_RECENTLY_USED =
            Comparator.comparing(CacheEntry::lastUsed).thenComparing(CacheEntry::key);

    CacheLayout layout() {
        return layout;
    }

    /**
     * Reads the entry, searching {@code preferred} first. Without the lock any problem is a
     * miss (the caller re-reads under the lock). Under the lock a corrupt entry is quarantined;
     * an entry stored with another codec is deleted when {@code replacing}, else left alone.
     */
    private <T> Optional<T> read(CacheKey key, Section preferred, Codec<T> codec, boolean locked, boolean replacing) {
        String hex = key.hex();
        for (Section s : searchOrder(preferred)) {
            Path meta = layout.metaFile(s, hex);
            byte[] json;
            try {
                json = Files.readAllBytes(meta);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                if (locked) {
                    quarantine(s, hex, "cannot read metadata: " + e);
                }
                continue;
            }
            try {
                EntryMetadata m = parse(json, s, hex);
                Codec<T> effective = codecFor(m, codec);
                if (effective == null) {
                    if (locked && replacing) {
                        deleteEntry(s, hex);
                    }
                    continue;
                }
                T value = DataFile.read(layout.dataFile(s, hex), m, effective);
                touch(meta);
                stats.hit(m.dataBytes(), m.computeMillis());
                return Optional.of(value);
            } catch (IOException e) {
                if (locked) {
                    quarantine(s, hex, e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** The codec to read {@code m} with: the caller's, or for {@code any()} the stored one; null when unusable. */
    @SuppressWarnings("unchecked")
    private static <T> Codec<T> codecFor(EntryMetadata m, Codec<T> codec) {
        if (m.codec().equals(codec.tag())) {
            return codec;
        }
        if (codec instanceof ContainerCodecs.AnyCodec any) {
            try {
                return (Codec<T>) any.codecs().forTag(m.codec());
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private <T> void write(CacheKey key, Section section, Codec<T> codec, T value, long computeMillis) {
        String hex = key.hex();
        Path data = layout.dataFile(section, hex);
        Path tmp = AtomicFiles.tempFor(data);
        boolean dataCommitted = false;
        try {
            Files.createDirectories(data.getParent());
            DataFile.Written w = DataFile.write(tmp, codec, value);
            // One directory fsync, after the metadata rename, makes both renames durable. Should
            // a power cut persist only the second, the entry reads as corrupt and is recomputed.
            AtomicFiles.rename(tmp, data);
            dataCommitted = true;
            EntryMetadata m = new EntryMetadata(EntryMetadata.FORMAT, hex, section, key.kind(), key.name(),
                    key.codeVersion(), key.params(), key.inputs(), codec.tag(), w.valueBytes(), w.fileBytes(),
                    DataFile.checksumText(w.checksum()), Instant.now().toString(), computeMillis);
            byte[] json = m.toJson();
            AtomicFiles.write(layout.metaFile(section, hex), json);
            stats.written(w.fileBytes() + json.length);
        } catch (IOException e) {
            deleteQuietly(tmp);
            if (dataCommitted) {
                deleteQuietly(data);
            }
            stats.writeFailed();
            notifyListener(() -> listener.onWriteFailed(key, section, e));
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Moves an entry to quarantine/ and reports it; call under the key's lock. */
    CorruptEntry quarantine(Section section, String key, String reason) {
        Path dir = layout.quarantineDir();
        String stamp = Instant.now().toEpochMilli() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        Path movedMeta = moveAside(layout.metaFile(section, key), dir.resolve(key + "." + stamp + CacheLayout.META));
        Path movedData = moveAside(layout.dataFile(section, key), dir.resolve(key + "." + stamp + CacheLayout.DATA));
        CorruptEntry event = new CorruptEntry(key, section, reason, movedData != null ? movedData : movedMeta);
        stats.corrupt();
        notifyListener(() -> listener.onCorruptEntry(event));
        return event;
    }

    /** Deletes metadata first (un-commits), then data; call under the key's lock. */
    boolean deleteEntry(Section section, String key) throws IOException {
        boolean committed = Files.deleteIfExists(layout.metaFile(section, key));
        Files.deleteIfExists(layout.dataFile(section, key));
        return committed;
    }

    /** Keys with a data or metadata file in the section. */
    TreeSet<String> keysIn(Section section) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        Path dir = layout.sectionDir(section);
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(CacheLayout::keyOf).filter(Objects::nonNull).forEach(keys::add);
        }
        return keys;
    }

    private Optional<CacheEntry> describe(Section s, String key) {
        Path meta = layout.metaFile(s, key);
        try {
            EntryMetadata m = parse(Files.readAllBytes(meta), s, key);
            FileTime used = Files.getLastModifiedTime(meta);
            long size = Files.size(meta);
            Path data = layout.dataFile(s, key);
            size += Files.exists(data) ? Files.size(data) : 0;
            return Optional.of(new CacheEntry(m, used.toInstant(), size));
        } catch (IOException e) {
            return Optional.empty(); // not committed, or damaged: verify deals with it
        }
    }

    private static EntryMetadata parse(byte[] json, Section s, String key) throws CorruptEntryException {
        EntryMetadata m = EntryMetadata.parse(json);
        if (!m.key().equals(key) || m.section() != s) {
            throw new CorruptEntryException("metadata names key " + m.key() + " in " + m.section().dirName()
                    + " but is filed as " + key + " in " + s.dirName());
        }
        return m;
    }

    private static List<Section> searchOrder(Section preferred) {
        List<Section> order = new ArrayList<>(List.of(Section.values()));
        order.remove(preferred);
        order.addFirst(preferred);
        return order;
    }

    /** Records a use for least-recently-used eviction. */
    private static void touch(Path meta) {
        try {
            Files.setLastModifiedTime(meta, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // evicted or quarantined meanwhile; the value was read intact
        }
    }

    private static Path moveAside(Path file, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            deleteQuietly(file); // never leave a known-bad entry visible
            return null;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // verify and prune remove leftovers
        }
    }

    private static void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            System.err.println("cellbook: cache listener failed: " + e); // a broken listener must not break the store
        }
    }
}
