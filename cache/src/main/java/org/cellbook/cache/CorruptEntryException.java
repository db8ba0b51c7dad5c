package org.cellbook.cache;

import java.io.IOException;

/** An entry that exists but cannot be trusted: truncated, checksum mismatch, unreadable metadata, ... */
final class CorruptEntryException extends IOException {
    CorruptEntryException(String reason) {
        super(reason);
    }

    CorruptEntryException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
