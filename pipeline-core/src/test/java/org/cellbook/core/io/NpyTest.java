package org.cellbook.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.PythonEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughNumpy() {
        Path f32 = dir.resolve("a.npy");
        Path i64 = dir.resolve("b.npy");
        Npy.writeFloats(f32, new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f}, 2, 3);
        Npy.writeLongs(i64, new long[] {1, -2, 3_000_000_000L});
        // numpy reads ours, transforms, writes its own; we read numpy's back.
        PythonEnv.project().runScript("""
                import sys, numpy as np
                d = sys.argv[1]
                a = np.load(d + '/a.npy'); b = np.load(d + '/b.npy')
                assert a.shape == (2, 3) and a.dtype == np.float32, (a.shape, a.dtype)
                np.save(d + '/a2.npy', (a * 2).astype(np.float64))
                np.save(d + '/b2.npy', (b + 1).astype(np.int64))
                np.save(d + '/c.npy', np.array([[True, False]]))
                np.save(d + '/s.npy', np.float32(4.5))
                """, dir.toString()).orThrow("numpy round trip");
        Npy.Array a2 = Npy.read(dir.resolve("a2.npy"));
        assertArrayEquals(new int[] {2, 3}, a2.shape());
        assertArrayEquals(new double[] {3, -4, 6.5, 0, 14, 16}, a2.asDoubles());
        assertArrayEquals(new long[] {2, -1, 3_000_000_001L}, Npy.read(dir.resolve("b2.npy")).asLongs());
        assertArrayEquals(new long[] {1, 0}, Npy.read(dir.resolve("c.npy")).asLongs());
        Npy.Array scalar = Npy.read(dir.resolve("s.npy"));
        assertEquals(0, scalar.shape().length);
        assertEquals(4.5, scalar.asDoubles()[0]);
    }

    @Test
    void truncatedFileIsNamed() throws Exception {
        Path f = dir.resolve("t.npy");
        Npy.writeDoubles(f, new double[] {1, 2, 3, 4});
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 5));
        BadInputException e = assertThrows(BadInputException.class, () -> Npy.read(f));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("t.npy") && e.getMessage().contains("truncated"),
                e.getMessage());
    }
}
