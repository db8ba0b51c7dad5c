package org.cellbook.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Cache throughput and latency; not a test. Writes JSON (with the command that made it).
 * Run from the repository root:
 * <pre>
 * ./mvnw -B -ntp -q -pl cache test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --enable-native-access=ALL-UNNAMED -Xmx3g \
 *   -cp cache/target/test-classes:cache/target/classes:$(cat cache/target/cp.txt) \
 *   org.cellbook.cache.CacheBench bench/results/cache.json cache/target/bench-cache
 * </pre>
 */
public final class CacheBench {
    private static final int REPEATS = 3;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path dir = Path.of(args.length > 1 ? args[1] : "cache/target/bench-cache");
        deleteTree(dir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", "java --enable-native-access=ALL-UNNAMED -Xmx3g -cp cache/target/test-classes:"
                + "cache/target/classes:$(cat cache/target/cp.txt) org.cellbook.cache.CacheBench " + String.join(" ", args));
        result.put("when", Instant.now().toString());
        result.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        result.put("lz4", net.jpountz.lz4.LZ4Factory.fastestInstance().toString());

        Random random = new Random(42);
        double[] dense = random.doubles(16 << 20).toArray(); // 128 MiB, incompressible
        result.put("denseDoubles128MiB", largeValue(dir, "dense", Codecs.DOUBLE_ARRAY, () -> dense, 8L * dense.length));

        float[] counts = new float[32 << 20]; // 128 MiB, mostly zeros and small integers like a count matrix
        for (int i = 0; i < counts.length; i++) {
            counts[i] = random.nextInt(10) == 0 ? 1 + random.nextInt(5) : 0;
        }
        result.put("sparseLikeFloats128MiB", largeValue(dir, "counts", Codecs.FLOAT_ARRAY, () -> counts,
                4L * counts.length));

        result.put("smallEntries1KiB", smallEntries(dir));
        result.put("fingerprint256MiB", fingerprint(dir));
        result.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.out.println(Files.readString(out));
        deleteTree(dir);
    }

    private static <T> Map<String, Object> largeValue(Path dir, String name, Codec<T> codec, Supplier<T> value,
                                                      long rawBytes) {
        double bestWrite = Double.MAX_VALUE;
        double bestRead = Double.MAX_VALUE;
        long fileBytes = 0;
        for (int r = 0; r < REPEATS; r++) {
            CacheStore store = CacheStore.open(dir);
            CacheKey key = CacheKey.builder("bench", name).codeVersion("1").param("repeat", r).build();
            long t0 = System.nanoTime();
            store.getOrCompute(key, Section.DATA, codec, value);
            long t1 = System.nanoTime();
            store.get(key, codec).orElseThrow();
            long t2 = System.nanoTime();
            bestWrite = Math.min(bestWrite, (t1 - t0) / 1e9);
            bestRead = Math.min(bestRead, (t2 - t1) / 1e9);
            fileBytes = store.entry(key).orElseThrow().diskBytes();
            store.invalidate(key);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rawMiB", rawBytes / 1048576.0);
        m.put("onDiskMiB", fileBytes / 1048576.0);
        m.put("compressionRatio", (double) rawBytes / fileBytes);
        m.put("writeSeconds", bestWrite);
        m.put("writeMiBPerSecond", rawBytes / 1048576.0 / bestWrite);
        m.put("readSeconds", bestRead);
        m.put("readMiBPerSecond", rawBytes / 1048576.0 / bestRead);
        m.put("note", "best of " + REPEATS + "; write = encode + LZ4 + fsync + rename + metadata; read = checksum pass"
                + " + LZ4 + decode (page cache warm)");
        return m;
    }

    private static Map<String, Object> smallEntries(Path dir) {
        int n = 200;
        CacheStore store = CacheStore.open(dir);
        byte[] value = new byte[1024];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CacheKey key = CacheKey.builder("bench", "small").codeVersion("1").param("i", i).build();
            store.getOrCompute(key, Section.CELLS, Codecs.BYTE_ARRAY, () -> value);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CacheKey key = CacheKey.builder("bench", "small").codeVersion("1").param("i", i).build();
            store.getOrCompute(key, Section.CELLS, Codecs.BYTE_ARRAY, () -> value);
        }
        long t2 = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", n);
        m.put("missMillisEach", (t1 - t0) / 1e6 / n);
        m.put("hitMillisEach", (t2 - t1) / 1e6 / n);
        m.put("note", "a miss includes 3 fsyncs (data, metadata, directory)");
        return m;
    }

    private static Map<String, Object> fingerprint(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("input.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 256; i++) {
                ch.write(ByteBuffer.wrap(chunk));
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
        CacheStore store = CacheStore.open(dir);
        long t0 = System.nanoTime();
        store.fingerprints().sha256(file);
        long t1 = System.nanoTime();
        CacheStore.open(dir).fingerprints().sha256(file); // a new run: index read from disk
        long t2 = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fullHashSeconds", (t1 - t0) / 1e9);
        m.put("fullHashMiBPerSecond", 256 / ((t1 - t0) / 1e9));
        m.put("fastPathMillis", (t2 - t1) / 1e6);
        return m;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
