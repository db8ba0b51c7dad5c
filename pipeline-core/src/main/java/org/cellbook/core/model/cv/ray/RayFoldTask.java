package org.cellbook.core.model.cv.ray;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cellbook.cache.CacheStore;
import org.cellbook.core.model.cv.FoldResult;
import org.cellbook.core.model.cv.FoldTask;
import org.cellbook.core.model.cv.FoldTaskCache;
import org.cellbook.core.model.cv.FoldTaskRunner;
import org.cellbook.core.model.cv.TaskCodec;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FeatureSetCodec;

/**
 * The remote function a Ray worker runs: bytes in, bytes out. The feature set arrives as the
 * encoded bytes Ray resolved from its object reference; a worker JVM decodes each distinct
 * feature set once (keyed by the bytes' SHA-256, computed by the driver) and keeps the last few.
 */
public final class RayFoldTask {
    private static final int KEEP = 4;
    private static final Map<String, FeatureSet> DECODED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FeatureSet> eldest) {
            return size() > KEEP;
        }
    };

    private static final Map<String, CacheStore> STORES = new ConcurrentHashMap<>();

    private RayFoldTask() {
    }

    /**
     * @param task         {@link TaskCodec#toBytes(FoldTask)}
     * @param data         {@link FeatureSetCodec#encode} of the task's feature set
     * @param dataKey      {@link #dataKey} of {@code data}
     * @param cacheDir     the shared cache folder, or "" for none
     * @param cacheDataKey hex of the feature set's data key in that cache ({@link FoldTaskCache})
     * @return {@link TaskCodec#toBytes(FoldResult)}
     */
    public static byte[] run(byte[] task, byte[] data, String dataKey, String cacheDir, String cacheDataKey) {
        FoldTask t = TaskCodec.taskFromBytes(task);
        FeatureSet fs = featureSet(data, dataKey);
        if (cacheDir.isEmpty()) {
            return TaskCodec.toBytes(FoldTaskRunner.run(t, fs));
        }
        // Stored here, so the driver (and any later run) finds it instead of recomputing it.
        FoldTaskCache cache = FoldTaskCache.ofDataKeyHexes(store(cacheDir), Map.of(t.featureSet(), cacheDataKey));
        return TaskCodec.toBytes(cache.getOrCompute(t, () -> FoldTaskRunner.run(t, fs)));
    }

    /** One open store per cache folder per worker JVM. */
    private static CacheStore store(String dir) {
        return STORES.computeIfAbsent(dir, d -> CacheStore.open(Path.of(d)));
    }

    private static FeatureSet featureSet(byte[] data, String key) {
        synchronized (DECODED) {
            FeatureSet fs = DECODED.get(key);
            if (fs == null) {
                fs = FeatureSetCodec.decode(data);
                DECODED.put(key, fs);
            }
            return fs;
        }
    }

    /** SHA-256 (hex) of encoded feature-set bytes, plus the name for readable logs. */
    static String dataKey(String name, byte[] data) {
        try {
            return name + "@" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
