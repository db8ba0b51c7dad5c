package org.cellbook.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cellbook.core.BadInputException;

/**
 * NumPy's {@code .npy} format (version 1.0/2.0/3.0, C order, little- or big-endian), the exchange
 * format with the Python reference and original notebooks. Supports bool, int8/16/32/64, uint8,
 * float32 and float64 arrays of any shape; values are returned widened to double or long.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** An array read from a .npy file: its shape and values in C order. */
    public record Array(int[] shape, char kind, int itemSize, double[] doubles, long[] longs) {
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        public int rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        public int cols() {
            return shape.length < 2 ? 1 : shape[1];
        }

        /** Values as doubles (integers converted). */
        public double[] asDoubles() {
            if (doubles != null) {
                return doubles;
            }
            double[] d = new double[longs.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = longs[i];
            }
            return d;
        }

        public float[] asFloats() {
            double[] d = asDoubles();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }

        /** Values as ints; fails for floating-point arrays. */
        public int[] asInts() {
            if (longs == null) {
                throw new IllegalStateException("float array, not integers");
            }
            int[] out = new int[longs.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.toIntExact(longs[i]);
            }
            return out;
        }

        public long[] asLongs() {
            if (longs == null) {
                throw new IllegalStateException("float array, not integers");
            }
            return longs;
        }

        @Override
        public String toString() {
            return "Npy.Array" + Arrays.toString(shape) + " " + kind + itemSize;
        }
    }

    public static Array read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path);
        } catch (IOException e) {
            throw BadInputException.file(path, "cannot read .npy (" + e.getMessage() + ")", "check the file");
        }
    }

    private static Array read(InputStream in, Path path) throws IOException {
        byte[] magic = in.readNBytes(6);
        if (!Arrays.equals(magic, MAGIC)) {
            throw BadInputException.file(path, "not a .npy file (bad magic bytes)", "write it with numpy.save");
        }
        int major = in.read();
        in.read();
        int headerLen;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            headerLen = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else {
            byte[] b = in.readNBytes(4);
            headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        String header = new String(in.readNBytes(headerLen), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw BadInputException.file(path, "unsupported .npy header: " + header.trim(),
                    "only plain numeric arrays are supported (no object or string dtypes)");
        }
        if (f.group(1).equals("True")) {
            throw BadInputException.file(path, "Fortran-ordered array", "save a C-ordered array (np.ascontiguousarray)");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        String shapeText = s.group(1).trim();
        int[] shape = shapeText.isEmpty() ? new int[0]
                : Arrays.stream(shapeText.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
        int n = 1;
        for (int x : shape) {
            n = Math.multiplyExact(n, x);
        }
        byte[] body = in.readNBytes(Math.multiplyExact(n, size));
        if (body.length != n * size) {
            throw BadInputException.file(path, "truncated: expected " + (long) n * size + " data bytes, found " + body.length,
                    "re-create the file");
        }
        ByteBuffer buf = ByteBuffer.wrap(body).order(order);
        switch (kind) {
            case 'f' -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = size == 4 ? buf.getFloat() : size == 8 ? buf.getDouble() : unsupported(path, kind, size);
                }
                return new Array(shape, kind, size, v, null);
            }
            case 'i', 'u', 'b' -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (size) {
                        case 1 -> kind == 'i' ? buf.get() : buf.get() & 0xff;
                        case 2 -> kind == 'i' ? buf.getShort() : buf.getShort() & 0xffff;
                        case 4 -> kind == 'i' ? buf.getInt() : buf.getInt() & 0xffffffffL;
                        case 8 -> buf.getLong();
                        default -> (long) unsupported(path, kind, size);
                    };
                }
                return new Array(shape, kind, size, null, v);
            }
            default -> {
                unsupported(path, kind, size);
                return null;
            }
        }
    }

    private static double unsupported(Path path, char kind, int size) {
        throw BadInputException.file(path, "unsupported dtype " + kind + size, "use bool, integer, float32 or float64");
    }

    /** Writes a float64 array of the given shape (C order). */
    public static void writeDoubles(Path path, double[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        write(path, "<f8", shape, b.array(), values.length);
    }

    /** Writes a float32 array of the given shape (C order). */
    public static void writeFloats(Path path, float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        write(path, "<f4", shape, b.array(), values.length);
    }

    /** Writes an int64 array of the given shape (C order). */
    public static void writeLongs(Path path, long[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        write(path, "<i8", shape, b.array(), values.length);
    }

    /** Writes an int32 array of the given shape (C order). */
    public static void writeInts(Path path, int[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        write(path, "<i4", shape, b.array(), values.length);
    }

    private static void write(Path path, String descr, int[] shape, byte[] body, int count) {
        int[] s = shape.length == 0 ? new int[] {count} : shape;
        long n = 1;
        for (int x : s) {
            n *= x;
        }
        if (n != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " does not hold " + count + " values");
        }
        StringBuilder shapeText = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            shapeText.append(s[i]).append(s.length == 1 || i < s.length - 1 ? "," : "");
            if (i < s.length - 1) {
                shapeText.append(' ');
            }
        }
        shapeText.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        // Header (magic + version + length + dict + padding + \n) is padded to a multiple of 64.
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xff);
        head.write(header.length() >> 8 & 0xff);
        head.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        try (OutputStream out = Files.newOutputStream(path)) {
            head.writeTo(out);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
