package org.cellbook.cache;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the store reported. */
final class RecordingListener implements CacheListener {
    final List<CorruptEntry> corrupt = new CopyOnWriteArrayList<>();
    final List<IOException> writeFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onCorruptEntry(CorruptEntry entry) {
        corrupt.add(entry);
    }

    @Override
    public void onWriteFailed(CacheKey key, Section section, IOException error) {
        writeFailures.add(error);
    }
}
