package org.cellbook.cache;

import java.util.ArrayList;
import java.util.List;

/** Codecs for scalars, strings and primitive arrays. Formats are little-endian, lengths are ints. */
final class BuiltinCodecs {
    private BuiltinCodecs() {
    }

    /** Only inside other values: a null. */
    static final Codec<Void> NULL = Codec.of("null", Void.class, (v, out) -> { }, in -> null);

    static final Codec<Boolean> BOOLEAN = Codec.of("boolean", Boolean.class, (v, out) -> out.writeBoolean(v),
            ValueInput::readBoolean);
    static final Codec<Byte> BYTE = Codec.of("byte", Byte.class, (v, out) -> out.writeByte(v), ValueInput::readByte);
    static final Codec<Short> SHORT = Codec.of("short", Short.class, (v, out) -> out.writeShort(v),
            ValueInput::readShort);
    static final Codec<Character> CHAR = Codec.of("char", Character.class, (v, out) -> out.writeChar(v),
            ValueInput::readChar);
    static final Codec<Integer> INT = Codec.of("int", Integer.class, (v, out) -> out.writeInt(v), ValueInput::readInt);
    static final Codec<Long> LONG = Codec.of("long", Long.class, (v, out) -> out.writeLong(v), ValueInput::readLong);
    static final Codec<Float> FLOAT = Codec.of("float", Float.class, (v, out) -> out.writeFloat(v),
            ValueInput::readFloat);
    static final Codec<Double> DOUBLE = Codec.of("double", Double.class, (v, out) -> out.writeDouble(v),
            ValueInput::readDouble);
    static final Codec<String> STRING = Codec.of("string", String.class, (v, out) -> out.writeString(v),
            ValueInput::readString);

    /** One byte per element. */
    static final Codec<boolean[]> BOOLEAN_ARRAY = Codec.of("boolean[]", boolean[].class, (a, out) -> {
        out.writeInt(a.length);
        for (boolean b : a) {
            out.writeBoolean(b);
        }
    }, in -> {
        boolean[] a = new boolean[ValueInput.checkLength(in.readInt())];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readBoolean();
        }
        return a;
    });
    static final Codec<byte[]> BYTE_ARRAY = Codec.of("byte[]", byte[].class, (a, out) -> out.writeByteArray(a),
            ValueInput::readByteArray);
    static final Codec<short[]> SHORT_ARRAY = Codec.of("short[]", short[].class, (a, out) -> {
        out.writeInt(a.length);
        out.writeShorts(a, 0, a.length);
    }, in -> {
        short[] a = new short[ValueInput.checkLength(in.readInt())];
        in.readShorts(a, 0, a.length);
        return a;
    });
    static final Codec<int[]> INT_ARRAY = Codec.of("int[]", int[].class, (a, out) -> out.writeIntArray(a),
            ValueInput::readIntArray);
    static final Codec<long[]> LONG_ARRAY = Codec.of("long[]", long[].class, (a, out) -> out.writeLongArray(a),
            ValueInput::readLongArray);
    static final Codec<float[]> FLOAT_ARRAY = Codec.of("float[]", float[].class, (a, out) -> out.writeFloatArray(a),
            ValueInput::readFloatArray);
    static final Codec<double[]> DOUBLE_ARRAY = Codec.of("double[]", double[].class,
            (a, out) -> out.writeDoubleArray(a), ValueInput::readDoubleArray);
    /** Null elements allowed. */
    static final Codec<String[]> STRING_ARRAY = Codec.of("string[]", String[].class, (a, out) -> {
        out.writeInt(a.length);
        for (String s : a) {
            out.writeString(s);
        }
    }, in -> {
        String[] a = new String[ValueInput.checkLength(in.readInt())];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readString();
        }
        return a;
    });

    /** A list of strings (nulls allowed), read back as a mutable ArrayList. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Codec<List<String>> STRING_LIST = Codec.of("list<string>", (Class<List<String>>) (Class) List.class,
            (list, out) -> {
                out.writeInt(list.size());
                for (Object s : list) {
                    if (s != null && !(s instanceof String)) {
                        throw new IllegalArgumentException("a List<String> value holds a " + s.getClass().getName());
                    }
                    out.writeString((String) s);
                }
            }, in -> {
                int n = ValueInput.checkLength(in.readInt());
                List<String> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(in.readString());
                }
                return list;
            });

    /** Codecs found by the class of a value (List&lt;String&gt; is not: lists are chosen by content). */
    static List<Codec<?>> byType() {
        return List.of(BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BOOLEAN_ARRAY, BYTE_ARRAY,
                SHORT_ARRAY, INT_ARRAY, LONG_ARRAY, FLOAT_ARRAY, DOUBLE_ARRAY, STRING_ARRAY);
    }
}
