package org.cellbook.cache;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON written next to each data file. It is renamed into place last, so its presence
 * commits the entry.
 *
 * @param format        metadata format (1)
 * @param key           the entry's key (64 hex digits)
 * @param section       where it is filed
 * @param kind          the key's kind
 * @param name          the key's name
 * @param codeVersion   the key's code version
 * @param params        the key's parameters in canonical form
 * @param inputs        the key's inputs
 * @param codec         tag of the codec that wrote the data file
 * @param valueBytes    encoded value size before compression
 * @param dataBytes     data file size on disk
 * @param checksum      "xxh64:" and the data file checksum in hex
 * @param created       ISO-8601 instant the entry was written
 * @param computeMillis how long computing the value took (what a hit saves)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryMetadata(int format, String key, Section section, String kind, String name, String codeVersion,
                            Map<String, Object> params, List<CacheKey.Input> inputs, String codec, long valueBytes,
                            long dataBytes, String checksum, String created, long computeMillis) {
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** When the entry was written. */
    @JsonIgnore
    public Instant createdInstant() {
        return Instant.parse(created);
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write entry metadata as JSON", e);
        }
    }

    /**
     * Parses and sanity-checks metadata.
     *
     * @throws CorruptEntryException when the bytes are not complete, plausible metadata
     */
    static EntryMetadata parse(byte[] json) throws CorruptEntryException {
        EntryMetadata m;
        try {
            m = JSON.readValue(json, EntryMetadata.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new CorruptEntryException("metadata is not valid JSON: " + why, e);
        }
        if (m == null || m.format != FORMAT || !CacheKey.isKey(m.key) || m.section == null || m.codec == null
                || m.checksum == null || m.created == null || m.dataBytes <= 0) {
            throw new CorruptEntryException("metadata is incomplete or of an unknown format");
        }
        return m;
    }
}
