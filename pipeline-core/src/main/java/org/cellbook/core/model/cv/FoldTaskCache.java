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
 * feature set's data, so changing one model's parameters recomputes only that model's tasks. The
 * pipeline names the data by content ({@code TcrResponsePipeline.featureSetKey}): a change upstream
 * recomputes the tasks of exactly the feature sets whose values it changed.
 * Entries are named by task id ({@code featureSet/model/fold-03-P5}), which is what
 * {@code cellbook cache clear --step} matches.
 *
 * <p>Thread-safe (the store computes each key at most once at a time); usable from any worker
 * that can open the same cache directory.
 */
public final class FoldTaskCache {
    /** Key kind of fold-task entries. */
    public static final String KIND = "fold_task";
    /** Bump when {@link FoldTaskRunner} or a model family changes in a way that can change a result (2: L-BFGS logreg / linear SVM; 3: histogram random forest). */
    public static final String CODE_VERSION = "3";

    private final CacheStore store;
    private final Map<String, String> dataKeys; // feature set -> hex of its data key

    /**
     * @param dataKeys feature-set name to the key of its data (by content, or a step's key)
     */
    public FoldTaskCache(CacheStore store, Map<String, CacheKey> dataKeys) {
        this(hexes(dataKeys), store);
    }

    private FoldTaskCache(Map<String, String> dataKeyHexes, CacheStore store) {
        this.store = store;
        this.dataKeys = Map.copyOf(dataKeyHexes);
    }

    /**
     * The same cache from data keys' hex digests, as a remote worker rebuilds it (a key only enters
     * a fold task's key by its hex).
     */
    public static FoldTaskCache ofDataKeyHexes(CacheStore store, Map<String, String> dataKeyHexes) {
        dataKeyHexes.values().forEach(h -> {
            if (!CacheKey.isKey(h)) {
                throw new IllegalArgumentException("'" + h + "' is not a cache key (64 lowercase hex digits)");
            }
        });
        return new FoldTaskCache(dataKeyHexes, store);
    }

    private static Map<String, String> hexes(Map<String, CacheKey> keys) {
        Map<String, String> out = new java.util.HashMap<>();
        keys.forEach((name, key) -> out.put(name, key.hex()));
        return out;
    }

    public CacheStore store() {
        return store;
    }

    /** The hex of the data key of {@code featureSet}, or null when it has none. */
    public String dataKeyHex(String featureSet) {
        return dataKeys.get(featureSet);
    }

    public CacheKey key(FoldTask task) {
        String data = dataKeys.get(task.featureSet());
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
