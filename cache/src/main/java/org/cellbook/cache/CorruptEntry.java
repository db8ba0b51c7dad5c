package org.cellbook.cache;

import java.nio.file.Path;

/**
 * A corrupt entry that was found and moved aside.
 *
 * @param key           the entry's key
 * @param section       where it was filed
 * @param reason        what was wrong, e.g. "checksum mismatch: ..."
 * @param quarantinedTo the moved data file (or metadata file when there was no data file); null
 *                      when it could not be moved (it is then deleted, or left for verify)
 */
public record CorruptEntry(String key, Section section, String reason, Path quarantinedTo) {
    /** One line for logs. */
    public String describe() {
        return "cache entry " + key.substring(0, Math.min(12, key.length())) + " (" + section.dirName() + ") is corrupt: "
                + reason + (quarantinedTo == null ? "" : "; moved to " + quarantinedTo);
    }
}
