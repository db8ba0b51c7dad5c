package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values keyed on the files they read, which are only known after computing them. */
class ReadSetEntriesTest {
    @TempDir
    Path dir;

    private Optional<Map<String, Object>> lookUp(ReadSetEntries entries, String inputKey) {
        return entries.currentEntryKey(inputKey).flatMap(entries::get);
    }

    @Test
    void aValueIsFoundWhileTheFilesItReadAreUnchangedAndMissedAfterAnEdit() throws IOException {
        CacheStore store = CacheStore.open(dir.resolve("cache"));
        ReadSetEntries entries = new ReadSetEntries(store, "test", "v1");
        Path a = Files.writeString(dir.resolve("a.csv"), "x\n1\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "y\n2\n");
        String input = store.key("test", "inputs").codeVersion("1").param("source", "read a and b").build().hex();

        assertTrue(lookUp(entries, input).isEmpty(), "nothing stored yet");
        entries.put(input, Set.of(a, b), Section.CELLS, Map.of("value", "first"));
        assertEquals("first", lookUp(entries, input).orElseThrow().get("value"));
        assertEquals(entries.entryKey(input, Set.of(b, a)), entries.currentEntryKey(input).orElseThrow(),
                "the entry key does not depend on the order files were read in");

        CacheKey before = entries.currentEntryKey(input).orElseThrow();
        Files.writeString(b, "y\n3\n");
        assertNotEquals(before, entries.currentEntryKey(input).orElseThrow(), "the entry key follows the file's content");
        assertTrue(lookUp(entries, input).isEmpty(), "an edited file misses");

        entries.put(input, Set.of(a, b), Section.CELLS, Map.of("value", "second"));
        assertEquals("second", lookUp(entries, input).orElseThrow().get("value"));

        Files.delete(a);
        assertTrue(entries.currentEntryKey(input).isEmpty(), "a file it read is gone: no key, recompute");
    }

    @Test
    void readingOtherFilesReplacesTheFileListAndAnotherCodeVersionSeesNothing() throws IOException {
        CacheStore store = CacheStore.open(dir.resolve("cache"));
        ReadSetEntries entries = new ReadSetEntries(store, "test", "v1");
        Path a = Files.writeString(dir.resolve("a.csv"), "x\n1\n");
        Path c = Files.writeString(dir.resolve("c.csv"), "z\n9\n");
        String input = store.key("test", "inputs").codeVersion("1").param("source", "read what the sheet names").build().hex();

        entries.put(input, Set.of(a), Section.CELLS, Map.of("value", "from a"));
        entries.put(input, Set.of(c), Section.CELLS, Map.of("value", "from c"));
        assertEquals(entries.entryKey(input, Set.of(c)), entries.currentEntryKey(input).orElseThrow());
        assertEquals("from c", lookUp(entries, input).orElseThrow().get("value"));

        assertTrue(lookUp(new ReadSetEntries(store, "test", "v2"), input).isEmpty(), "the code version is in both keys");
    }
}
