package org.cellbook.cache;

import java.util.List;

/**
 * What {@link CacheStore#verify()} found.
 *
 * @param checked         entries checked
 * @param corrupt         entries that failed and were quarantined
 * @param removedTemps    stale temporary files removed
 * @param removedOrphans  data files without metadata removed
 */
public record VerifyReport(int checked, List<CorruptEntry> corrupt, int removedTemps, int removedOrphans) {
    public boolean ok() {
        return corrupt.isEmpty();
    }
}
