package org.cellbook.cache;

import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tech.tablesaw.api.Table;

/**
 * The codec registry: built-in codecs, codecs registered by other modules, and codecs derived
 * for records, maps and lists.
 *
 * <p>Built in: the scalars (boxed primitives and String), enum constants (by name),
 * {@code boolean[] byte[] short[] int[] long[] float[] double[] String[]}, {@code List<String>},
 * Tablesaw {@link Table}s, records
 * whose components are codable ({@link #forRecord}), {@code Map<String, codable>} ({@link #map})
 * and {@code List<codable>} ({@link #list}). Maps, lists and records may mix value types and
 * nest: each element is stored with its codec's tag. A {@code Map<String, Object>} is how one
 * key holds several named values (e.g. the outputs of a notebook cell).
 *
 * <p>{@link #defaults()} also holds every codec from {@link CodecProvider}s on the class path.
 * A registry is thread-safe.
 */
public final class Codecs {
    public static final Codec<boolean[]> BOOLEAN_ARRAY = BuiltinCodecs.BOOLEAN_ARRAY;
    public static final Codec<byte[]> BYTE_ARRAY = BuiltinCodecs.BYTE_ARRAY;
    public static final Codec<short[]> SHORT_ARRAY = BuiltinCodecs.SHORT_ARRAY;
    public static final Codec<int[]> INT_ARRAY = BuiltinCodecs.INT_ARRAY;
    public static final Codec<long[]> LONG_ARRAY = BuiltinCodecs.LONG_ARRAY;
    public static final Codec<float[]> FLOAT_ARRAY = BuiltinCodecs.FLOAT_ARRAY;
    public static final Codec<double[]> DOUBLE_ARRAY = BuiltinCodecs.DOUBLE_ARRAY;
    public static final Codec<String[]> STRING_ARRAY = BuiltinCodecs.STRING_ARRAY;
    public static final Codec<String> STRING = BuiltinCodecs.STRING;
    public static final Codec<List<String>> STRING_LIST = BuiltinCodecs.STRING_LIST;
    public static final Codec<Table> TABLE = new TableCodec();

    private static final String RECORD_PREFIX = "record:";
    private static final String ENUM_PREFIX = "enum:";

    private final Map<String, Codec<?>> byTag = new ConcurrentHashMap<>();
    private final Map<Class<?>, Codec<?>> byType = new ConcurrentHashMap<>();
    /** Registered codecs in order, searched when no codec has a value's exact class. */
    private final List<Codec<?>> registered = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, RecordCodec<?>> records = new ConcurrentHashMap<>();
    private final Map<Class<?>, EnumCodec<?>> enums = new ConcurrentHashMap<>();
    private final ContainerCodecs.MapCodec map = new ContainerCodecs.MapCodec(this);
    private final ContainerCodecs.ListCodec list = new ContainerCodecs.ListCodec(this);
    private final ContainerCodecs.AnyCodec any = new ContainerCodecs.AnyCodec(this);

    private Codecs() {
        for (Codec<?> c : BuiltinCodecs.byType()) {
            register(c);
        }
        register(TABLE);
        for (Codec<?> c : List.of(BuiltinCodecs.NULL, STRING_LIST, map, list, any)) {
            byTag.put(c.tag(), c); // found by tag only: chosen by value content, not by class
        }
    }

    /** A fresh registry with only the built-in codecs. */
    public static Codecs builtIn() {
        return new Codecs();
    }

    /** The shared registry: built-ins plus every {@link CodecProvider} found by ServiceLoader. */
    public static Codecs defaults() {
        return Defaults.INSTANCE;
    }

    private static final class Defaults {
        static final Codecs INSTANCE = load();

        private static Codecs load() {
            Codecs codecs = new Codecs();
            for (CodecProvider provider : ServiceLoader.load(CodecProvider.class, Codecs.class.getClassLoader())) {
                provider.codecs().forEach(codecs::register);
                provider.readers().forEach(codecs::registerReader);
            }
            return codecs;
        }
    }

    /**
     * Adds a codec that only reads: found by its tag (entries written under an older layout of a
     * type keep decoding after its codec moved to a new tag) but never chosen to write a value.
     *
     * @throws IllegalArgumentException when the tag already belongs to another codec
     */
    public synchronized Codecs registerReader(Codec<?> codec) {
        String tag = codec.tag();
        if (tag == null || tag.isBlank() || tag.startsWith(RECORD_PREFIX) || tag.startsWith(ENUM_PREFIX)) {
            throw new IllegalArgumentException("codec tag '" + tag + "' is empty or reserved");
        }
        Codec<?> sameTag = byTag.get(tag);
        if (sameTag != null && sameTag != codec) {
            throw new IllegalArgumentException("codec tag '" + tag + "' is already registered for "
                    + sameTag.type().getName());
        }
        byTag.put(tag, codec);
        return this;
    }

    /**
     * Adds a codec, found from now on by its tag and by its type. Registering a codec with the
     * tag and type of one already present is a no-op (so providers may register twice).
     *
     * @throws IllegalArgumentException when the tag or the type already belongs to another codec
     */
    public synchronized Codecs register(Codec<?> codec) {
        String tag = codec.tag();
        Class<?> type = codec.type();
        if (tag == null || tag.isBlank() || tag.startsWith(RECORD_PREFIX) || tag.startsWith(ENUM_PREFIX)) {
            throw new IllegalArgumentException("codec tag '" + tag + "' is empty or reserved");
        }
        Codec<?> sameTag = byTag.get(tag);
        if (sameTag != null) {
            if (sameTag.type() == type) {
                return this;
            }
            throw new IllegalArgumentException("codec tag '" + tag + "' is already registered for "
                    + sameTag.type().getName() + "; pick another tag for " + type.getName());
        }
        Codec<?> sameType = byType.get(type);
        if (sameType != null) {
            throw new IllegalArgumentException(type.getName() + " already has codec '" + sameType.tag()
                    + "'; cannot add '" + tag + "'");
        }
        byTag.put(tag, codec);
        byType.put(type, codec);
        registered.add(codec);
        return this;
    }

    /**
     * The codec for values of exactly {@code type}: a registered one, or one derived for a
     * record, {@code List}, {@code Map} or {@code Object} (any codable value).
     *
     * @throws IllegalArgumentException when there is none, saying what to do
     */
    @SuppressWarnings("unchecked")
    public <T> Codec<T> forType(Class<T> type) {
        Codec<?> c = byType.get(type);
        if (c != null) {
            return (Codec<T>) c;
        }
        if (type.isRecord()) {
            return (Codec<T>) forRecord(type.asSubclass(Record.class));
        }
        if (type.isEnum()) {
            return (Codec<T>) forEnum(type);
        }
        if (type == List.class) {
            return (Codec<T>) list;
        }
        if (type == Map.class) {
            return (Codec<T>) map;
        }
        if (type == Object.class) {
            return (Codec<T>) any;
        }
        throw noCodec(type.getName());
    }

    /**
     * The codec for a record class, after checking that every component type is codable.
     *
     * @throws IllegalArgumentException naming the first component that is not
     */
    @SuppressWarnings("unchecked")
    public <R extends Record> Codec<R> forRecord(Class<R> type) {
        RecordCodec<?> c = records.get(type);
        if (c == null) {
            checkCodable(type, type.getName(), new HashSet<>());
            c = records.computeIfAbsent(type, t -> new RecordCodec<>(this, type));
        }
        return (Codec<R>) c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Codec<?> forEnum(Class<?> type) {
        return enums.computeIfAbsent(type, t -> new EnumCodec(t));
    }

    /** Map&lt;String, codable&gt;: several named values under one key. */
    public Codec<Map<String, Object>> map() {
        return map;
    }

    /** List of codable values of any types. */
    public Codec<List<Object>> list() {
        return list;
    }

    /** Any codable value, its type chosen by its class. */
    public Codec<Object> any() {
        return any;
    }

    /** Writes a value of any codable type as its codec's tag and bytes (for codecs that nest values). */
    @SuppressWarnings("unchecked")
    public void writeValue(Object value, ValueOutput out) throws IOException {
        Codec<Object> c = (Codec<Object>) forValue(value);
        out.writeString(c.tag());
        c.write(value, out);
    }

    /** Reads a value written by {@link #writeValue}. */
    public Object readValue(ValueInput in) throws IOException {
        String tag = in.readString();
        if (tag == null) {
            throw new IOException("missing codec tag in the stored value");
        }
        return forTag(tag).read(in);
    }

    /** The codec that writes {@code value}, chosen by its class (lists of only strings get the compact form). */
    Codec<?> forValue(Object value) {
        if (value == null) {
            return BuiltinCodecs.NULL;
        }
        Codec<?> c = byType.get(value.getClass());
        if (c != null) {
            return c;
        }
        if (value instanceof Record r) {
            return forRecord(r.getClass());
        }
        if (value instanceof Enum<?> e) {
            return forEnum(e.getDeclaringClass());
        }
        if (value instanceof List<?> l) {
            return l.stream().allMatch(e -> e instanceof String) ? STRING_LIST : list;
        }
        if (value instanceof Map<?, ?>) {
            return map;
        }
        for (Codec<?> r : registered) {
            if (r.type().isInstance(value)) {
                return r;
            }
        }
        throw noCodec(value.getClass().getName());
    }

    /** The codec that reads entries tagged {@code tag}. */
    Codec<?> forTag(String tag) throws IOException {
        Codec<?> c = byTag.get(tag);
        if (c != null) {
            return c;
        }
        if (tag.startsWith(RECORD_PREFIX)) {
            Class<?> cls = storedClass(tag.substring(RECORD_PREFIX.length()));
            if (!cls.isRecord()) {
                throw new IOException("stored record class " + cls.getName() + " is no longer a record");
            }
            try {
                return forRecord(cls.asSubclass(Record.class));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (tag.startsWith(ENUM_PREFIX)) {
            Class<?> cls = storedClass(tag.substring(ENUM_PREFIX.length()));
            if (!cls.isEnum()) {
                throw new IOException("stored enum class " + cls.getName() + " is no longer an enum");
            }
            return forEnum(cls);
        }
        throw new IOException("no codec is registered for the stored tag '" + tag + "'");
    }

    private static Class<?> storedClass(String name) throws IOException {
        try {
            return Class.forName(name, false, classLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("stored class " + name + " is not on the class path", e);
        }
    }

    static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return switch (c.getName()) {
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "char" -> Character.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> Void.class;
        };
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Codecs.class.getClassLoader();
    }

    /** Fails with a message naming {@code where} unless values of type {@code t} can be stored. */
    private void checkCodable(Type t, String where, Set<Class<?>> visiting) {
        switch (t) {
            case Class<?> c when c.isRecord() -> {
                if (visiting.add(c)) {
                    for (RecordComponent rc : c.getRecordComponents()) {
                        checkCodable(rc.getGenericType(), c.getSimpleName() + "." + rc.getName(), visiting);
                    }
                }
            }
            case Class<?> c -> {
                Class<?> b = boxed(c);
                boolean ok = byType.containsKey(b) || b == Object.class || b.isEnum()
                        || b.isAssignableFrom(ArrayList.class) || b.isAssignableFrom(LinkedHashMap.class)
                        || (!b.isArray() && registered.stream().anyMatch(r -> b.isAssignableFrom(r.type())));
                if (!ok) {
                    throw new IllegalArgumentException("record component " + where + " has type " + c.getTypeName()
                            + ", which the cache cannot store. Use a codable type (primitive, String, enum, primitive"
                            + " or String array, List, Map<String, ?>, record, Tablesaw Table) or register a Codec for "
                            + c.getTypeName() + " with Codecs.register");
                }
            }
            case ParameterizedType p -> {
                Class<?> raw = (Class<?>) p.getRawType();
                Type[] args = p.getActualTypeArguments();
                if (Map.class.isAssignableFrom(raw) && args.length == 2) {
                    if (!(args[0] == String.class || args[0] instanceof WildcardType || args[0] instanceof TypeVariable)) {
                        throw new IllegalArgumentException("record component " + where + " is a map with "
                                + args[0].getTypeName() + " keys; the cache stores maps with String keys only");
                    }
                    checkCodable(raw, where, visiting);
                    checkCodable(args[1], where + "[value]", visiting);
                } else if (List.class.isAssignableFrom(raw) && args.length == 1) {
                    checkCodable(raw, where, visiting);
                    checkCodable(args[0], where + "[element]", visiting);
                } else {
                    checkCodable(raw, where, visiting);
                }
            }
            case WildcardType w -> checkCodable(w.getUpperBounds()[0], where, visiting);
            case TypeVariable<?> v -> checkCodable(v.getBounds()[0], where, visiting);
            case GenericArrayType g -> throw new IllegalArgumentException("record component " + where + " has type "
                    + g.getTypeName() + "; the cache stores primitive and String arrays only, use a List");
            default -> throw new IllegalArgumentException("record component " + where + " has unsupported type " + t);
        }
    }

    private static IllegalArgumentException noCodec(String className) {
        return new IllegalArgumentException("no cache codec for " + className + ". Built in: primitives and their"
                + " arrays, String, String[], enums, List, Map<String, ?>, records of codable components and"
                + " Tablesaw Tables; register a Codec for other types with Codecs.register (or a CodecProvider)");
    }
}
