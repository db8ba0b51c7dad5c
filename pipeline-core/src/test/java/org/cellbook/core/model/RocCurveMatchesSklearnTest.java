package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.metrics.RocCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocCurve equals sklearn's roc_curve (drop_intermediate=True) point for point, ties included. */
class RocCurveMatchesSklearnTest {
    private static final String SCRIPT = """
            import sys, numpy as np
            from sklearn.metrics import roc_curve
            out = sys.argv[1]
            rng = np.random.default_rng(5)
            cases = []
            for c in range(25):
                n = int(rng.integers(2, 80))
                y = (rng.uniform(size=n) < 0.5).astype(np.int64)
                y[0], y[1] = 0, 1
                cases.append((y, np.round(rng.uniform(size=n) + 0.3 * y, int(rng.integers(0, 3)))))  # coarse = ties
            cases.append((np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.5, 0.5])))
            cases.append((np.array([0, 1]), np.array([0.2, 0.9])))
            for c, (y, s) in enumerate(cases):
                fpr, tpr, thr = roc_curve(y, s)
                np.save(f"{out}/c{c}_y.npy", y)
                np.save(f"{out}/c{c}_s.npy", s.astype(np.float64))
                np.save(f"{out}/c{c}_roc.npy", np.vstack([fpr, tpr, thr]))
            open(f"{out}/n.txt", "w").write(str(len(cases)))
            """;

    @Test
    void everyPointEqualsSklearn(@TempDir Path dir) throws Exception {
        PythonEnv.project().runScript(SCRIPT, dir.toString()).orThrow("sklearn roc_curve");
        int n = Integer.parseInt(Files.readString(dir.resolve("n.txt")).trim());
        for (int c = 0; c < n; c++) {
            int[] y = Npy.read(dir.resolve("c" + c + "_y.npy")).asInts();
            double[] s = Npy.read(dir.resolve("c" + c + "_s.npy")).asDoubles();
            Npy.Array expected = Npy.read(dir.resolve("c" + c + "_roc.npy"));
            double[] e = expected.asDoubles();
            int m = expected.cols();
            RocCurve got = RocCurve.of(y, s);
            assertEquals(m, got.fpr().length, "case " + c + ": number of points");
            assertArrayEquals(java.util.Arrays.copyOfRange(e, 0, m), got.fpr(), 1e-15, "case " + c + " fpr");
            assertArrayEquals(java.util.Arrays.copyOfRange(e, m, 2 * m), got.tpr(), 1e-15, "case " + c + " tpr");
            assertArrayEquals(java.util.Arrays.copyOfRange(e, 2 * m, 3 * m), got.thresholds(), 0, "case " + c + " thresholds");
        }
    }
}
