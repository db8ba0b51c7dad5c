package org.cellbook.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link CacheStore#verify()} and {@link CacheStore#prune(long)}: whole-directory passes, entry by entry under each key's lock. */
final class CacheMaintenance {
    /** Temporary files not named after a lock (e.g. of CACHEDIR.TAG) are removed only when this old. */
    private static final Duration UNLOCKED_TEMP_AGE = Duration.ofHours(1);

    private final DiskCacheStore store;
    private final CacheLayout layout;

    CacheMaintenance(DiskCacheStore store) {
        this.store = store;
        this.layout = store.layout();
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    VerifyReport verify() {
        int checked = 0;
        List<CorruptEntry> corrupt = new ArrayList<>();
        try {
            for (Section s : Section.values()) {
                for (String key : store.keysIn(s)) {
                    try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(key))) {
                        Path meta = layout.metaFile(s, key);
                        if (!Files.exists(meta)) {
                            continue; // a data file without metadata: sweep() removes it
                        }
                        checked++;
                        try {
                            EntryMetadata m = EntryMetadata.parse(Files.readAllBytes(meta));
                            if (!m.key().equals(key) || m.section() != s) {
                                throw new CorruptEntryException("metadata names another key or section");
                            }
                            DataFile.checkAgainst(DataFile.verify(layout.dataFile(s, key)), m);
                        } catch (IOException e) {
                            corrupt.add(store.quarantine(s, key, e.getMessage()));
                        }
                    }
                }
            }
            Sweep sweep = sweep();
            return new VerifyReport(checked, List.copyOf(corrupt), sweep.temps, sweep.orphans);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot verify the cache " + layout.root + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("try") // the lock is held for the block, not used in it
    PruneReport prune(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maximum cache size must not be negative: " + maxBytes);
        }
        try {
            Sweep sweep = sweep();
            int other = sweep.temps + sweep.orphans + emptyQuarantine();
            List<CacheEntry> entries = store.entries(); // least recently used first
            long total = entries.stream().mapToLong(CacheEntry::diskBytes).sum();
            int evicted = 0;
            long freed = 0;
            for (CacheEntry e : entries) {
                if (total <= maxBytes) {
                    break;
                }
                try (KeyLocks.Lock lock = KeyLocks.acquire(layout.lockFile(e.key()))) {
                    store.deleteEntry(e.section(), e.key());
                }
                total -= e.diskBytes();
                freed += e.diskBytes();
                evicted++;
            }
            return new PruneReport(evicted, freed, total, other);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the cache " + layout.root + ": " + e.getMessage(), e);
        }
    }

    private record Sweep(int temps, int orphans) {
    }

    /** Removes temporary files nobody is writing and data files whose metadata never arrived. */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    private Sweep sweep() throws IOException {
        int temps = 0;
        int orphans = 0;
        List<Path> dirs = new ArrayList<>();
        dirs.add(layout.root);
        for (Section s : Section.values()) {
            dirs.add(layout.sectionDir(s));
            for (String key : store.keysIn(s)) {
                if (Files.exists(layout.metaFile(s, key))) {
                    continue;
                }
                Optional<KeyLocks.Lock> lock = KeyLocks.tryAcquire(layout.lockFile(key));
                if (lock.isPresent()) {
                    try (KeyLocks.Lock held = lock.get()) {
                        if (!Files.exists(layout.metaFile(s, key)) && Files.deleteIfExists(layout.dataFile(s, key))) {
                            orphans++;
                        }
                    }
                }
            }
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> found;
            try (Stream<Path> files = Files.list(dir)) {
                found = files.filter(AtomicFiles::isTemp).toList();
            }
            for (Path tmp : found) {
                temps += removeIfStale(tmp) ? 1 : 0;
            }
        }
        return new Sweep(temps, orphans);
    }

    /** A temporary file is stale when no process holds the lock its writer would hold. */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    private boolean removeIfStale(Path tmp) throws IOException {
        String stem = AtomicFiles.tempStem(tmp);
        boolean guarded = CacheKey.isKey(stem) || stem.equals("fingerprints");
        if (!guarded) {
            Instant modified = Files.getLastModifiedTime(tmp).toInstant();
            if (modified.isAfter(Instant.now().minus(UNLOCKED_TEMP_AGE))) {
                return false;
            }
        }
        Optional<KeyLocks.Lock> lock = KeyLocks.tryAcquire(layout.lockFile(stem));
        if (lock.isEmpty()) {
            return false; // a writer is at work
        }
        try (KeyLocks.Lock held = lock.get()) {
            return Files.deleteIfExists(tmp);
        }
    }

    private int emptyQuarantine() throws IOException {
        Path dir = layout.quarantineDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                n += Files.deleteIfExists(f) ? 1 : 0;
            }
        }
        return n;
    }
}
