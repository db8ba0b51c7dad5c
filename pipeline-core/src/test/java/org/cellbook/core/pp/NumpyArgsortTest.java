package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumpyArgsortTest {
    @Test
    void sameOrderAsNumpyIncludingTies(@TempDir Path dir) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("argsort_reference.py")) {
            PythonEnv.project().runScript(new String(in.readAllBytes(), StandardCharsets.UTF_8), dir.toString())
                    .orThrow("numpy argsort reference");
        }
        String simd = Files.readString(dir.resolve("simd.txt")).strip();
        assumeTrue(simd.equals("AVX2"), "numpy sorts with " + simd + " here; NumpyArgsort reproduces its AVX2 path");
        List<String> cases = Files.readAllLines(dir.resolve("cases.txt")).stream().filter(s -> !s.isEmpty()).toList();
        assertEquals(154, cases.size());
        for (String c : cases) {
            double[] keys = Npy.read(dir.resolve(c + "_keys.npy")).asDoubles();
            long[] expected = Npy.read(dir.resolve(c + "_order.npy")).asLongs();
            int[] actual = NumpyArgsort.argsort(keys);
            long[] got = new long[actual.length];
            for (int i = 0; i < got.length; i++) {
                got[i] = actual[i];
            }
            assertArrayEquals(expected, got, c);
        }
    }
}
