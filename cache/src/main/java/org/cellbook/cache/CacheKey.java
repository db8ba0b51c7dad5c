package org.cellbook.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The identity of a cached value: a SHA-256 over what produced it.
 *
 * <h2>Recipe (version 1)</h2>
 * The key is the lowercase hex SHA-256 of this byte string, where {@code str(s)} is the 4-byte
 * big-endian length of the UTF-8 bytes of {@code s} followed by those bytes, and {@code u32(n)}
 * a 4-byte big-endian count:
 * <pre>
 *   str("cellbook-cache-key/v1")
 *   str(kind) str(name) str(codeVersion)
 *   u32(number of params)  then per parameter, sorted by name (String.compareTo):
 *                            str(name) value(v)
 *   u32(number of inputs)  then per input, in the order they were added:
 *                            'K' str(upstream key)            for an upstream entry
 *                            'F' str(content SHA-256, hex)    for a file or directory
 * </pre>
 * and {@code value(v)} is one ASCII tag byte and a payload:
 * <pre>
 *   'Z'                        null
 *   'B' one byte 0 or 1        Boolean
 *   'I' 8-byte big-endian      byte, short, int, long (all the same: 3 and 3L are one key)
 *   'D' 8-byte IEEE-754 bits   float (widened exactly) and double; -0.0 is written as 0.0 and
 *                              every NaN as 0x7ff8000000000000
 *   'S' str(s)                 String, char, enum constant (its name())
 *   'L' u32(n) n values        List or array
 *   'M' u32(n) n pairs         Map with String keys: str(key) value(v), keys sorted
 * </pre>
 * Integers and doubles are different types: {@code 10000} and {@code 1e4} give different keys.
 * File inputs contribute only their content hash (see {@link FileFingerprints}), never their
 * path or modification time, so moving or touching an input does not invalidate anything while
 * editing it does. Upstream inputs chain keys: a change anywhere upstream changes every key
 * below it. The code version is the step author's promise: bump it whenever a code change can
 * change the output.
 *
 * <p>Instances are immutable and thread-safe; equality is equality of the hex digest.
 */
public final class CacheKey {
    /** Version tag hashed into every key; change it when the recipe changes. */
    public static final String RECIPE = "cellbook-cache-key/v1";
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-f]{64}");

    private final String hex;
    private final String kind;
    private final String name;
    private final String codeVersion;
    private final SortedMap<String, Object> params;
    private final List<Input> inputs;

    private CacheKey(String hex, String kind, String name, String codeVersion, SortedMap<String, Object> params,
                     List<Input> inputs) {
        this.hex = hex;
        this.kind = kind;
        this.name = name;
        this.codeVersion = codeVersion;
        this.params = params;
        this.inputs = inputs;
    }

    /** A builder for the output of {@code name} (a step, a fold, a cell) of the given kind. */
    public static Builder builder(String kind, String name) {
        return new Builder(kind, name);
    }

    /** True when {@code s} looks like a key: 64 lowercase hex digits. */
    public static boolean isKey(String s) {
        return s != null && HEX_KEY.matcher(s).matches();
    }

    /** The 64-character lowercase hex digest. */
    public String hex() {
        return hex;
    }

    /** The first 12 hex digits, for listings and log lines. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String codeVersion() {
        return codeVersion;
    }

    /** Parameters in canonical form, sorted by name. */
    public SortedMap<String, Object> params() {
        return params;
    }

    /** Inputs in the order they were added. */
    public List<Input> inputs() {
        return inputs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && k.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return kind + "/" + name + "@" + shortHex();
    }

    /**
     * One input: either an upstream entry's {@code key}, or a {@code file} (as given, for
     * people reading metadata) with its content {@code sha256}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(String key, String file, String sha256) {
        public static Input upstream(String key) {
            return new Input(key, null, null);
        }

        public static Input file(String file, String sha256) {
            return new Input(null, file, sha256);
        }

        public boolean isFile() {
            return key == null;
        }
    }

    /** Collects the parts of a key; not thread-safe (build it in one thread). */
    public static final class Builder {
        private final String kind;
        private final String name;
        private String codeVersion;
        private final TreeMap<String, Object> params = new TreeMap<>();
        private final List<Input> inputs = new ArrayList<>();
        private FileFingerprints fingerprints = FileFingerprints.uncached();

        private Builder(String kind, String name) {
            this.kind = requireText("kind", kind);
            this.name = requireText("name", name);
        }

        /** The version of the code that computes the value; required. Bump it when results can change. */
        public Builder codeVersion(String version) {
            this.codeVersion = requireText("codeVersion", version);
            return this;
        }

        /**
         * A parameter: String, boolean, number, enum, List, array or Map&lt;String, ?&gt; of those.
         *
         * @throws IllegalArgumentException for another type or a repeated name
         */
        public Builder param(String name, Object value) {
            requireText("param name", name);
            if (params.containsKey(name)) {
                throw new IllegalArgumentException("cache key " + kind + "/" + this.name + ": parameter '" + name
                        + "' given twice");
            }
            params.put(name, CanonicalEncoder.canonical(name, value));
            return this;
        }

        /** All entries of {@code values} as parameters. */
        public Builder params(Map<String, ?> values) {
            values.forEach(this::param);
            return this;
        }

        /** An upstream entry this value is computed from. */
        public Builder input(CacheKey upstream) {
            inputs.add(Input.upstream(upstream.hex()));
            return this;
        }

        /** An upstream entry by its hex key. */
        public Builder input(String upstreamKey) {
            if (!isKey(upstreamKey)) {
                throw new IllegalArgumentException("upstream key '" + upstreamKey + "' is not a cache key (64 lowercase"
                        + " hex digits)");
            }
            inputs.add(Input.upstream(upstreamKey));
            return this;
        }

        /**
         * A file or directory whose content the value depends on; hashed now through the
         * builder's {@link #fingerprints(FileFingerprints) fingerprint index}.
         *
         * @throws java.io.UncheckedIOException naming the file when it cannot be read
         */
        public Builder inputFile(Path file) {
            inputs.add(Input.file(file.toString(), fingerprints.sha256(file)));
            return this;
        }

        /** {@link #inputFile} for each file in order (the same key), hashing those not yet indexed in parallel. */
        public Builder inputFiles(List<Path> files) {
            List<String> digests = fingerprints.sha256All(files);
            for (int i = 0; i < files.size(); i++) {
                inputs.add(Input.file(files.get(i).toString(), digests.get(i)));
            }
            return this;
        }

        /** The fingerprint index used by {@link #inputFile}; by default files are always hashed in full. */
        public Builder fingerprints(FileFingerprints index) {
            this.fingerprints = Objects.requireNonNull(index, "fingerprints");
            return this;
        }

        /** The key; fails when no code version was given. */
        public CacheKey build() {
            if (codeVersion == null) {
                throw new IllegalStateException("cache key " + kind + "/" + name + " has no code version; call"
                        + " codeVersion(\"1\") and bump it whenever a code change can change the result");
            }
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
            CanonicalEncoder enc = new CanonicalEncoder(sha);
            enc.string(RECIPE);
            enc.string(kind);
            enc.string(name);
            enc.string(codeVersion);
            enc.u32(params.size());
            params.forEach((k, v) -> {
                enc.string(k);
                enc.value(v);
            });
            enc.u32(inputs.size());
            for (Input in : inputs) {
                if (in.isFile()) {
                    enc.tag('F');
                    enc.string(in.sha256());
                } else {
                    enc.tag('K');
                    enc.string(in.key());
                }
            }
            return new CacheKey(HexFormat.of().formatHex(sha.digest()), kind, name, codeVersion,
                    Collections.unmodifiableSortedMap(new TreeMap<>(params)), List.copyOf(inputs));
        }

        private static String requireText(String what, String s) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("cache key " + what + " must not be empty");
            }
            return s;
        }
    }
}
