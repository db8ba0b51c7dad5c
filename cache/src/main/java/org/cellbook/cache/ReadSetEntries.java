package org.cellbook.cache;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Entries whose key must include files that are only known once the value is computed (the data a
 * notebook cell or run happened to read). Two entries per value: under the <em>input key</em> (what
 * is known beforehand) the list of files read; under the <em>entry key</em> (input key plus those
 * files' content fingerprints) the value. A lookup fingerprints the listed files again, so editing
 * one of them misses; a listed file that is gone misses too.
 */
public final class ReadSetEntries {
    private final CacheStore store;
    private final String kind;
    private final String codeVersion;
    private final Codec<Map<String, Object>> codec = Codecs.defaults().map();

    /**
     * @param kind        key kind of both entries (e.g. {@code cell}, {@code notebook_run})
     * @param codeVersion hashed into both keys
     */
    public ReadSetEntries(CacheStore store, String kind, String codeVersion) {
        this.store = store;
        this.kind = kind;
        this.codeVersion = codeVersion;
    }

    /** The entry key the value has now, if its file list is known and every listed file still exists. */
    public Optional<CacheKey> currentEntryKey(String inputKey) {
        Optional<Map<String, Object>> files = store.get(filesKey(inputKey), codec);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Set<Path> paths = new LinkedHashSet<>();
        for (Object f : (List<?>) files.get().get("files")) {
            paths.add(Path.of((String) f));
        }
        try {
            return Optional.of(entryKey(inputKey, paths));
        } catch (UncheckedIOException e) {
            return Optional.empty(); // a file it read is gone: recompute, which says why
        }
    }

    /** The value stored under an entry key (from {@link #currentEntryKey}), if there is an intact one. */
    public Optional<Map<String, Object>> get(CacheKey entryKey) {
        return store.get(entryKey, codec);
    }

    /**
     * Stores {@code value} computed from {@code inputKey} having read {@code files}, replacing what was
     * stored for the same files.
     *
     * @throws UncheckedIOException when a file read cannot be fingerprinted any more
     */
    public void put(String inputKey, Set<Path> files, Section section, Map<String, Object> value) {
        List<Object> list = new ArrayList<>();
        new TreeSet<>(files).forEach(p -> list.add(p.toString()));
        CacheKey fk = filesKey(inputKey);
        Optional<Map<String, Object>> known = store.get(fk, codec);
        if (known.isPresent() && !list.equals(known.get().get("files"))) {
            store.invalidate(fk); // it read other files this time (an edited sample sheet names others)
        }
        store.getOrCompute(fk, section, codec, () -> Map.of("files", list));
        CacheKey ek = entryKey(inputKey, files);
        store.invalidate(ek);
        store.getOrCompute(ek, section, codec, () -> value);
    }

    private CacheKey filesKey(String inputKey) {
        return store.key(kind, "files").codeVersion(codeVersion).input(inputKey).build();
    }

    /**
     * The entry key of a value computed from {@code inputKey} having read {@code files}.
     *
     * @throws UncheckedIOException when a file cannot be fingerprinted
     */
    public CacheKey entryKey(String inputKey, Set<Path> files) {
        CacheKey.Builder b = store.key(kind, "entry").codeVersion(codeVersion).input(inputKey);
        new TreeSet<>(files).forEach(b::inputFile);
        return b.build();
    }
}
