package org.cellbook.core.model.cv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.cache.Codec;
import org.cellbook.cache.ValueInput;
import org.cellbook.cache.ValueOutput;

/**
 * {@link FoldResult} in the cache's binary form. Doubles (inner AUCs, probabilities) are written as
 * raw IEEE-754 bits so a cached result is bit-identical to the computed one; parameter values keep
 * their Java type (Integer stays Integer, Long stays Long), only nested lists/maps go through JSON.
 */
public final class FoldResultCodec {
    /** Bump the tag whenever the layout below changes. */
    public static final Codec<FoldResult> CODEC = Codec.of("core.fold_result/1", FoldResult.class,
            FoldResultCodec::write, FoldResultCodec::read);

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private FoldResultCodec() {
    }

    private static void write(FoldResult r, ValueOutput out) throws IOException {
        out.writeString(r.taskId());
        out.writeString(r.status());
        out.writeString(r.reason());
        out.writeInt(r.bestParams().size());
        for (Map.Entry<String, Object> e : r.bestParams().entrySet()) {
            out.writeString(e.getKey());
            writeParam(e.getValue(), out);
        }
        out.writeDouble(r.innerAuc());
        out.writeDoubleArray(r.candidateAucs());
        out.writeIntArray(r.testRows());
        out.writeDoubleArray(r.proba());
        out.writeLong(r.fitTimeMs());
    }

    private static FoldResult read(ValueInput in) throws IOException {
        String id = in.readString();
        String status = in.readString();
        String reason = in.readString();
        int n = ValueInput.checkLength(in.readInt());
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = in.readString();
            params.put(k, readParam(in));
        }
        double innerAuc = in.readDouble();
        double[] candidates = in.readDoubleArray();
        int[] testRows = in.readIntArray();
        double[] proba = in.readDoubleArray();
        long ms = in.readLong();
        return new FoldResult(id, status, reason, params, innerAuc, candidates, testRows, proba, ms);
    }

    private static void writeParam(Object v, ValueOutput out) throws IOException {
        switch (v) {
            case null -> out.writeByte('Z');
            case Integer i -> {
                out.writeByte('I');
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte('L');
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte('D');
                out.writeDouble(d);
            }
            case Float f -> {
                out.writeByte('F');
                out.writeFloat(f);
            }
            case Boolean b -> {
                out.writeByte('B');
                out.writeBoolean(b);
            }
            case String s -> {
                out.writeByte('S');
                out.writeString(s);
            }
            default -> {
                out.writeByte('J');
                try {
                    out.writeString(JSON.writeValueAsString(v));
                } catch (JsonProcessingException e) {
                    throw new IOException("cannot encode parameter value " + v, e);
                }
            }
        }
    }

    private static Object readParam(ValueInput in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 'Z' -> null;
            case 'I' -> in.readInt();
            case 'L' -> in.readLong();
            case 'D' -> in.readDouble();
            case 'F' -> in.readFloat();
            case 'B' -> in.readBoolean();
            case 'S' -> in.readString();
            case 'J' -> JSON.readValue(in.readString(), Object.class);
            default -> throw new IOException("unknown parameter tag " + tag + " in a cached fold result");
        };
    }
}
