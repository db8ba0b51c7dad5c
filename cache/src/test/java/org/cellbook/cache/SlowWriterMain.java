package org.cellbook.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child process for {@link CrossProcessTest}: computes a large value and writes it slowly,
 * creating a signal file once more than a megabyte is in the temporary file (blocks reach the
 * file a few blocks behind the encoder, as they are compressed on other threads). The test kills
 * it mid-write.
 * Args: cache dir, signal file.
 */
public final class SlowWriterMain {
    static final int N = 1 << 20; // 8 MiB of doubles
    private static final int CHUNK = 1 << 15;

    static CacheKey key() {
        return CacheKey.builder("model", "slow-write").codeVersion("1").param("n", N).build();
    }

    /** Deterministic, incompressible values. */
    static double[] value() {
        double[] v = new double[N];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < N; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            v[i] = (x >>> 11) * 0x1.0p-53;
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        Path signal = Path.of(args[1]);
        CacheStore store = CacheStore.open(Path.of(args[0]));
        Codec<double[]> slow = Codec.of(Codecs.DOUBLE_ARRAY.tag(), double[].class, (a, out) -> {
            out.writeInt(a.length);
            for (int off = 0; off < a.length; off += CHUNK) {
                out.writeDoubles(a, off, Math.min(CHUNK, a.length - off));
                if (!Files.exists(signal) && tempFileBytes(Path.of(args[0]).resolve("model")) > 1 << 20) {
                    Files.writeString(signal, "writing");
                }
                sleep();
            }
        }, Codecs.DOUBLE_ARRAY::read);
        store.getOrCompute(key(), Section.MODEL, slow, SlowWriterMain::value);
        System.out.println("finished"); // the test kills us before this
    }

    private static long tempFileBytes(Path section) throws IOException {
        if (!Files.isDirectory(section)) {
            return 0;
        }
        try (var files = Files.list(section)) {
            long max = 0;
            for (Path p : files.filter(AtomicFiles::isTemp).toList()) {
                max = Math.max(max, Files.size(p));
            }
            return max;
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }
}
