package org.cellbook.cache;

import java.time.Instant;

/**
 * A committed entry as listed by {@link CacheStore#entries}.
 *
 * @param metadata  what the entry's JSON says
 * @param lastUsed  when it was written or last read (the metadata file's modification time)
 * @param diskBytes data file plus metadata file
 */
public record CacheEntry(EntryMetadata metadata, Instant lastUsed, long diskBytes) {
    public String key() {
        return metadata.key();
    }

    public Section section() {
        return metadata.section();
    }
}
