package org.cellbook.cache;

import java.nio.file.Path;

/**
 * Child process for {@link ParallelCompressionTest}: writes {@link #value()} as a data file with
 * whatever number of compression threads this JVM gets. Args: the file to create.
 */
public final class BlockFileMain {
    /** Enough blocks of partly compressible data (a ramp, then noise) for an early writeback too. */
    static double[] value() {
        double[] v = new double[(int) ((EarlyWriteback.EVERY + 5L * DataFile.BLOCK_SIZE) / 8) + 123];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < v.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            v[i] = i < v.length / 2 ? i % 1000 : (x >>> 11) * 0x1.0p-53;
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        DataFile.write(Path.of(args[0]), Codecs.DOUBLE_ARRAY, value());
        System.out.println("written with " + Runtime.getRuntime().availableProcessors() + " processors");
    }
}
