package org.cellbook.core.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.cellbook.core.BadInputException;

/**
 * Reading helpers over jHDF: open a file with clear errors, find required nodes, and turn the
 * Java arrays jHDF returns (whatever the stored integer or float width) into the arrays the data
 * model uses. Every failure names the file and the HDF5 path.
 */
final class Hdf5Data {
    private static final byte[] MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Hdf5Data() {
    }

    /** True when the file starts with the HDF5 signature (files with a user block are not sniffed). */
    static boolean isHdf5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    static HdfFile open(Path file, String whatToDo) {
        if (!Files.exists(file)) {
            throw BadInputException.file(file, "file not found", "check the path");
        }
        if (!Files.isRegularFile(file)) {
            throw BadInputException.file(file, "is not a file", whatToDo);
        }
        try {
            return new HdfFile(file);
        } catch (HdfException | java.nio.BufferUnderflowException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                throw BadInputException.file(file, "file not found", "check the path");
            }
            throw BadInputException.file(file, "is not a readable HDF5 file (" + e.getMessage() + ")", whatToDo);
        }
    }

    /** A child node, or null. */
    static Node child(Group g, String name) {
        return g.getChildren().get(name);
    }

    static Group group(Path file, Group parent, String name, String whatToDo) {
        Node n = child(parent, name);
        if (n == null) {
            throw BadInputException.file(file, "has no HDF5 group '" + join(parent, name) + "'", whatToDo);
        }
        if (!(n instanceof Group g)) {
            throw BadInputException.file(file, "'" + join(parent, name) + "' is a dataset, expected a group", whatToDo);
        }
        return g;
    }

    static Dataset dataset(Path file, Group parent, String name, String whatToDo) {
        Node n = child(parent, name);
        if (n == null) {
            throw BadInputException.file(file, "has no HDF5 dataset '" + join(parent, name) + "'", whatToDo);
        }
        if (!(n instanceof Dataset d)) {
            throw BadInputException.file(file, "'" + join(parent, name) + "' is a group, expected a dataset", whatToDo);
        }
        return d;
    }

    static String join(Group parent, String name) {
        String p = parent.getPath();
        return (p.endsWith("/") ? p : p + "/") + name;
    }

    /** The HDF5 path as h5py prints it (jHDF ends group paths with '/'). */
    static String path(Node n) {
        String p = n.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Runs a read, turning jHDF's failures on corrupt or truncated files into bad-input errors. */
    static <T> T reading(Path file, String whatToDo, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (HdfException | java.nio.BufferUnderflowException e) {
            throw BadInputException.file(file, "cannot be read as HDF5 (" + e.getMessage() + "): it is truncated or "
                    + "corrupt", whatToDo);
        }
    }

    /** A string attribute, or null when absent or not a string. */
    static String stringAttribute(Node node, String name) {
        Attribute a = node.getAttributes().get(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        return null;
    }

    /** Reads a whole dataset, mapping jHDF failures to a bad-input error. */
    static Object data(Path file, Dataset d) {
        try {
            return d.getDimensions().length > 1 ? d.getDataFlat() : d.getData();
        } catch (HdfException | IllegalArgumentException | UnsupportedOperationException e) {
            throw BadInputException.file(file, "cannot read HDF5 dataset '" + Hdf5Data.path(d) + "' (" + e.getMessage() + ")",
                    "the file is corrupt or uses an HDF5 feature jHDF does not support; re-save it with h5py/anndata");
        }
    }

    static float[] floats(Path file, Dataset d) {
        Object o = data(file, d);
        if (o instanceof float[] f) {
            return f;
        }
        int n = Array.getLength(o);
        float[] out = new float[n];
        switch (o) {
            case double[] a -> { for (int i = 0; i < n; i++) out[i] = (float) a[i]; }
            case int[] a -> { for (int i = 0; i < n; i++) out[i] = a[i]; }
            case long[] a -> { for (int i = 0; i < n; i++) out[i] = a[i]; }
            case short[] a -> { for (int i = 0; i < n; i++) out[i] = a[i]; }
            case byte[] a -> { for (int i = 0; i < n; i++) out[i] = a[i]; }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = numberAt(file, d, o, i).floatValue();
                }
            }
        }
        return out;
    }

    static double[] doubles(Path file, Dataset d) {
        Object o = data(file, d);
        if (o instanceof double[] a) {
            return a;
        }
        int n = Array.getLength(o);
        double[] out = new double[n];
        if (o instanceof float[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = numberAt(file, d, o, i).doubleValue();
            }
        }
        return out;
    }

    /** Integer data (indices, counts); fails on values outside the int range. */
    static int[] ints(Path file, Dataset d) {
        Object o = data(file, d);
        if (o instanceof int[] a) {
            return a;
        }
        int n = Array.getLength(o);
        int[] out = new int[n];
        if (o instanceof long[] a) {
            for (int i = 0; i < n; i++) {
                if (a[i] != (int) a[i]) {
                    throw tooLarge(file, d, a[i]);
                }
                out[i] = (int) a[i];
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            Number v = numberAt(file, d, o, i);
            if (v instanceof Float || v instanceof Double || v.longValue() != v.intValue()) {
                throw BadInputException.file(file, "HDF5 dataset '" + Hdf5Data.path(d) + "' holds " + v
                        + " where an integer index is expected", "the file is corrupt; re-export it");
            }
            out[i] = v.intValue();
        }
        return out;
    }

    static long[] longs(Path file, Dataset d) {
        Object o = data(file, d);
        if (o instanceof long[] a) {
            return a;
        }
        int n = Array.getLength(o);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            Number v = numberAt(file, d, o, i);
            if (v instanceof Float || v instanceof Double) {
                throw BadInputException.file(file, "HDF5 dataset '" + Hdf5Data.path(d) + "' holds floats where integers "
                        + "are expected", "the file is corrupt; re-export it");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    static String[] strings(Path file, Dataset d) {
        Object o = data(file, d);
        if (o instanceof String[] s) {
            return s;
        }
        throw BadInputException.file(file, "HDF5 dataset '" + Hdf5Data.path(d) + "' holds " + d.getJavaType().getSimpleName()
                + " values, expected strings", "the file is corrupt or not in the expected layout");
    }

    private static Number numberAt(Path file, Dataset d, Object array, int i) {
        Object v = Array.get(array, i);
        if (v instanceof Number num) {
            return num;
        }
        throw BadInputException.file(file, "HDF5 dataset '" + Hdf5Data.path(d) + "' holds "
                + (v == null ? "null" : v.getClass().getSimpleName()) + " values, expected numbers",
                "the file is corrupt or not in the expected layout");
    }

    private static BadInputException tooLarge(Path file, Dataset d, long v) {
        return BadInputException.file(file, "HDF5 dataset '" + Hdf5Data.path(d) + "' holds index " + v
                + ", beyond 32 bits", "matrices with more than 2^31 genes or cells are not supported");
    }
}
