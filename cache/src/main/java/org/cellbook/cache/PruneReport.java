package org.cellbook.cache;

/**
 * What {@link CacheStore#prune(long)} did.
 *
 * @param evicted        entries removed, least recently used first
 * @param freedBytes     their size on disk
 * @param remainingBytes size of the entries left
 * @param removedOther   stale temporary files, orphaned data files and quarantined files removed
 */
public record PruneReport(int evicted, long freedBytes, long remainingBytes, int removedOther) {
}
