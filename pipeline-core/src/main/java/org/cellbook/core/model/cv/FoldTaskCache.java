package org.cellbook.core.model.cv;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.cellbook.cache.CacheKey;
import org.cellbook.cache.CacheStore;
import org.cellbook.cache.Section;
import org.cellbook.core.BadInputException;

/**
 * One cache entry per {@link FoldTask} (section model). The key chains the task's canonical JSON
 * (its SHA-256, {@link TaskCodec#cacheKey}: model, search space, seeds, rows...) onto the key of the
 * data its feature set was built from, so changing one model's parameters recomputes only that
 * model's tasks, and changing anything upstream of a feature set recomputes every task on it.
 * Entries are named by task id ({@code featureSet/model/fold-03-P5}), which is what
 * {@code cellbook cache clear --step} matches.
 *
 * <p>Thread-safe (the store computes each key at most once at a time); usable from any worker
 * that can open the same cache directory.
 */
public final class FoldTaskCache {
    /** Key kind of fold-task entries. */
    public static final String KIND = "fold_task";
    /** Bump when {@link FoldTaskRunner} changes in a way that can change a result. */
    public static final String CODE_VERSION = "1";

    private final CacheStore store;
    private final Map<String, CacheKey> dataKeys;

    /**
     * @param dataKeys feature-set name to the key of the data it is built from (a step's key, or a
     *                 key chaining it with the feature-set spec)
     */
    public FoldTaskCache(CacheStore store, Map<String, CacheKey> dataKeys) {
        this.store = store;
        this.dataKeys = Map.copyOf(dataKeys);
    }

    public CacheStore store() {
        return store;
    }

    public CacheKey key(FoldTask task) {
        CacheKey data = dataKeys.get(task.featureSet());
        if (data == null) {
            throw BadInputException.parameter("feature set", "fold task " + task.id() + " uses feature set '"
                    + task.featureSet() + "', which has no data key", "give a data key for every feature set");
        }
        return store.key(KIND, task.id()).codeVersion(CODE_VERSION)
                .param("task_sha256", TaskCodec.cacheKey(task))
                .input(data).build();
    }

    /** The cached result, or the computed one (then stored). */
    public FoldResult getOrCompute(FoldTask task, Supplier<FoldResult> compute) {
        return store.getOrCompute(key(task), Section.MODEL, FoldResultCodec.CODEC, compute);
    }

    /** The cached result, if there is an intact one. */
    public Optional<FoldResult> get(FoldTask task) {
        CacheKey k = key(task);
        return store.contains(k) ? store.get(k, FoldResultCodec.CODEC) : Optional.empty();
    }

    /** Stores a result computed elsewhere (e.g. by a remote worker); a no-op when already stored. */
    public FoldResult put(FoldTask task, FoldResult result) {
        return store.getOrCompute(key(task), Section.MODEL, FoldResultCodec.CODEC, () -> result);
    }
}
