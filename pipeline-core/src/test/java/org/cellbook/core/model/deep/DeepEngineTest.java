package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepEngineTest {
    @Test
    void engineStartsOfflineOnOneThread() {
        assertEquals("true", System.getenv("DJL_OFFLINE"), "Surefire sets DJL_OFFLINE");
        Engine e = DeepEngine.engine();
        assertTrue(Utils.isOfflineMode());
        assertEquals("PyTorch", e.getEngineName());
        assertEquals("2.7.1", e.getVersion());
        assertEquals(1, JniUtils.getNumThreads());
        assertEquals(1, JniUtils.getNumInteropThreads());
    }

    /**
     * A fresh JVM with an empty DJL cache directory and every HTTP(S) request sent to a closed
     * local port: the engine must still start, from the jars alone. The same seeded fit gives
     * the same probability bits there as in this JVM (determinism across processes).
     */
    @Test
    void startsFromAnEmptyCacheWithoutNetwork(@TempDir Path cache) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-cp", System.getProperty("java.class.path"), EngineProbe.class.getName());
        pb.environment().put("DJL_CACHE_DIR", cache.toString());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PyTorch 2.7.1 [2.0, 4.0, 6.0]"), out);
        assertTrue(out.contains("fingerprint " + EngineProbe.fingerprint()), out);
        try (Stream<Path> files = Files.walk(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.contains("libtorch_cpu.so") && names.stream().anyMatch(n -> n.endsWith("libdjl_torch.so")),
                    "native libraries extracted into the empty cache: " + names);
        }
    }
}
