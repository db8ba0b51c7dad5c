package org.cellbook.core.model.features;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.DenseMatrix;

/**
 * A {@link FeatureSet} as one compact {@code byte[]}, to ship to another process (Ray's object
 * store) once per run. Explicit little-endian layout, no Java serialization:
 *
 * <pre>
 * "CBFS" version:int  name  nRows:int nCols:int  featureNames (count, strings)
 * x: nRows*nCols float32   cells: nRows int32   labels: nRows int8
 * patients: distinct (count, strings) then nRows int32 codes into them
 * transforms: count, each its name (see {@link #transform})
 * </pre>
 *
 * Strings are an int32 byte length and UTF-8. Transforms travel by name and are rebuilt on the
 * other side; only transforms without fitted or configured state can be shipped.
 */
public final class FeatureSetCodec {
    private static final int MAGIC = 0x53464243; // "CBFS" read little-endian
    private static final int VERSION = 1;

    private FeatureSetCodec() {
    }

    public static byte[] encode(FeatureSet fs) {
        int n = fs.nRows();
        int p = fs.nFeatures();
        List<String> distinct = fs.groups().labels();
        Map<String, Integer> code = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            code.put(distinct.get(i), i);
        }
        List<String> transforms = new ArrayList<>();
        for (FoldTransform t : fs.transforms()) {
            transforms.add(name(t));
        }
        long size = 8 + str(fs.name()) + 8 + strings(fs.featureNames()) + 4L * n * p + 4L * n + n
                + strings(distinct) + 4L * n + strings(transforms);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("feature set '" + fs.name() + "' is " + size
                    + " bytes encoded, more than one byte array holds");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION);
        putString(b, fs.name());
        b.putInt(n).putInt(p);
        putStrings(b, fs.featureNames());
        b.asFloatBuffer().put(fs.x().data());
        b.position(b.position() + 4 * n * p);
        b.asIntBuffer().put(fs.cells());
        b.position(b.position() + 4 * n);
        for (int label : fs.labels()) {
            b.put((byte) label);
        }
        putStrings(b, distinct);
        String[] patients = fs.patients();
        for (String patient : patients) {
            b.putInt(code.get(patient));
        }
        putStrings(b, transforms);
        if (b.hasRemaining()) {
            throw new IllegalStateException("feature set codec size mismatch: " + b.remaining() + " bytes left");
        }
        return b.array();
    }

    /** Hex SHA-256 of {@link #encode}: a feature set's identity by content (fold-task cache keys). */
    public static String sha256(FeatureSet fs) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encode(fs)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FeatureSet decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an encoded feature set (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("encoded feature set has layout version " + version + ", this build reads "
                    + VERSION + ": run the same Cellbook build on the driver and the workers");
        }
        String name = getString(b);
        int n = b.getInt();
        int p = b.getInt();
        List<String> featureNames = getStrings(b);
        float[] x = new float[Math.multiplyExact(n, p)];
        b.asFloatBuffer().get(x);
        b.position(b.position() + 4 * x.length);
        int[] cells = new int[n];
        b.asIntBuffer().get(cells);
        b.position(b.position() + 4 * n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = b.get();
        }
        List<String> distinct = getStrings(b);
        String[] patients = new String[n];
        for (int i = 0; i < n; i++) {
            patients[i] = distinct.get(b.getInt());
        }
        List<FoldTransform> transforms = new ArrayList<>();
        for (String t : getStrings(b)) {
            transforms.add(transform(t));
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("encoded feature set '" + name + "' has " + b.remaining() + " trailing bytes");
        }
        return new FeatureSet(name, new DenseMatrix(n, p, x), featureNames, cells, labels, patients, transforms);
    }

    /** The transform a shipped name stands for. */
    static FoldTransform transform(String name) {
        return switch (name) {
            case "standard_scaler" -> new StandardScaler();
            default -> throw new IllegalArgumentException("fold transform '" + name
                    + "' cannot be shipped to another process; add it to FeatureSetCodec.transform");
        };
    }

    private static String name(FoldTransform t) {
        Map<String, Object> d = t.describe();
        Object name = d.get("transform");
        if (d.size() != 1 || !(name instanceof String s)) {
            throw new IllegalArgumentException("fold transform " + d + " has parameters; FeatureSetCodec ships only "
                    + "parameterless transforms by name: extend its layout first");
        }
        transform(s); // fail on the driver, not on a worker
        return s;
    }

    private static long str(String s) {
        return 4L + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long strings(List<String> list) {
        long n = 4;
        for (String s : list) {
            n += str(s);
        }
        return n;
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(u.length).put(u);
    }

    private static void putStrings(ByteBuffer b, List<String> list) {
        b.putInt(list.size());
        list.forEach(s -> putString(b, s));
    }

    private static String getString(ByteBuffer b) {
        byte[] u = new byte[b.getInt()];
        b.get(u);
        return new String(u, StandardCharsets.UTF_8);
    }

    private static List<String> getStrings(ByteBuffer b) {
        int count = b.getInt();
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(getString(b));
        }
        return out;
    }
}
