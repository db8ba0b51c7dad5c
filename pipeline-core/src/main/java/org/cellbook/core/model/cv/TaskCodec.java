package org.cellbook.core.model.cv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Tasks and results as canonical JSON (sorted keys): bytes to ship to another process (Ray,
 * later), text to key a cache. No Java serialization.
 */
public final class TaskCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private TaskCodec() {
    }

    public static byte[] toBytes(FoldTask task) {
        return write(task);
    }

    public static FoldTask taskFromBytes(byte[] bytes) {
        return read(bytes, FoldTask.class);
    }

    public static byte[] toBytes(FoldResult result) {
        return write(result);
    }

    public static FoldResult resultFromBytes(byte[] bytes) {
        return read(bytes, FoldResult.class);
    }

    /**
     * SHA-256 (hex) of the task's canonical JSON. It covers everything that determines the
     * result except the data: combine it with a fingerprint of the feature set's matrix.
     */
    public static String cacheKey(FoldTask task) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(write(task)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact canonical JSON of a parameter map (for the results table). */
    public static String json(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
        }
    }
}
