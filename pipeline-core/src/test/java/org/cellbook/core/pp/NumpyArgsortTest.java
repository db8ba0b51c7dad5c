package org.cellbook.core.pp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        assertEquals(23 * 8, cases.size());
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

    @Test
    void withNanOrInfinityFallsBackToAStableOrderNanLast() {
        double[] a = {2, Double.NaN, 1, Double.POSITIVE_INFINITY, 1, -0.0, 0.0, Double.NaN, 2};
        assertArrayEquals(new int[] {5, 6, 2, 4, 0, 8, 3, 1, 7}, NumpyArgsort.argsort(a));
    }

    @Test
    void alreadySortedArraysKeepTheirOrder() {
        double[] a = new double[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i / 100;
        }
        int[] order = NumpyArgsort.argsort(a);
        for (int i = 0; i < a.length; i++) {
            assertEquals(i, order[i]);
        }
    }

    @Test
    void ordersAreSortingPermutations() {
        java.util.Random r = new java.util.Random(5);
        for (int n : new int[] {0, 1, 7, 256, 257, 1000, 4099}) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(Math.max(1, n / 10));
            }
            int[] order = NumpyArgsort.argsort(a);
            boolean[] seen = new boolean[n];
            for (int k = 0; k < n; k++) {
                seen[order[k]] = true;
                if (k > 0) {
                    assertTrue(a[order[k - 1]] <= a[order[k]], "n=" + n + " position " + k);
                }
            }
            for (int i = 0; i < n; i++) {
                assertTrue(seen[i], "n=" + n + " index " + i + " missing");
            }
        }
    }
}
