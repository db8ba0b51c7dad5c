package org.cellbook.core.pipeline;

import org.cellbook.cache.CacheKey;

/**
 * A value with the cache key that names it: the key of the step that produced it, which chains
 * the keys of everything upstream. Pass a Tracked value to the next step so its key follows.
 */
public record Tracked<T>(T value, CacheKey key) {
}
