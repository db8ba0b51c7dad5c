package org.cellbook.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sizes, durations, sections and the cache location. */
class SmallPartsTest {
    @Test
    void formatsSizesForPeople() {
        assertEquals("0 B", Sizes.format(0));
        assertEquals("1023 B", Sizes.format(1023));
        assertEquals("1.0 KiB", Sizes.format(1024));
        assertEquals("1.4 MiB", Sizes.format((long) (1.4 * (1 << 20))));
        assertEquals("1.0 MiB", Sizes.format((1 << 20) - 1), "rounding up to the next unit");
        assertEquals("2.0 GiB", Sizes.format(2L << 30));
        assertEquals("8.0 EiB", Sizes.format(Long.MAX_VALUE));
    }

    @Test
    void parsesSizes() {
        assertEquals(500L << 20, Sizes.parse("500M"));
        assertEquals(2L << 30, Sizes.parse("2G"));
        assertEquals(2L << 30, Sizes.parse("2g"));
        assertEquals(2L << 30, Sizes.parse("2GiB"));
        assertEquals(2L << 30, Sizes.parse("2 GB"));
        assertEquals(64L << 10, Sizes.parse("64k"));
        assertEquals(3L << 40, Sizes.parse("3T"));
        assertEquals(1536L << 20, Sizes.parse("1.5G"));
        assertEquals(1048576, Sizes.parse("1048576"));
        assertEquals(100, Sizes.parse("100B"));
        assertEquals(0, Sizes.parse("0"));
        for (String bad : new String[] {"", "abc", "-1G", "5X", "1.2.3M", "G"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "' is not understood") && e.getMessage().contains("500M"),
                    e.getMessage());
        }
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9000000P"));
        assertTrue(huge.getMessage().contains("too large"), huge.getMessage());
    }

    @Test
    void formatsDurations() {
        assertEquals("850 ms", Durations.format(850));
        assertEquals("12.3 s", Durations.format(12_300));
        assertEquals("4m 05s", Durations.format(245_000));
        assertEquals("1h 02m", Durations.format(3_720_000));
    }

    @Test
    void sectionsParseAnyCaseAndNameTheChoicesOtherwise() {
        assertEquals(Section.PREPROCESS, Section.parse("Preprocess"));
        assertEquals("cells", Section.CELLS.dirName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Section.parse("models"));
        assertEquals("unknown cache section 'models'; use one of data, preprocess, features, cluster, model, cells",
                e.getMessage());
    }

    @Test
    void cacheLocationPrefersFlagThenEnvironmentThenDefault() {
        Path work = Path.of("/work/project");
        assertEquals(Path.of("/work/project/.cellbook/cache"), CacheLocation.resolve(null, Map.of(), work));
        assertEquals(Path.of("/tmp/c"), CacheLocation.resolve(null, Map.of("CELLBOOK_CACHE_DIR", "/tmp/c"), work));
        assertEquals(Path.of("/work/project/rel"), CacheLocation.resolve(null, Map.of("CELLBOOK_CACHE_DIR", "rel"), work));
        assertEquals(Path.of("/work/project/.cellbook/cache"),
                CacheLocation.resolve(null, Map.of("CELLBOOK_CACHE_DIR", "  "), work), "blank is unset");
        assertEquals(Path.of("/x"), CacheLocation.resolve(Path.of("/x"), Map.of("CELLBOOK_CACHE_DIR", "/tmp/c"), work));
        assertEquals(Path.of("/work/x"), CacheLocation.resolve(Path.of("../x"), Map.of(), work));
    }
}
