package org.cellbook.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.metrics.BinaryMetrics;
import org.cellbook.core.model.metrics.MetricSet;
import org.cellbook.core.model.metrics.PatientLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every metric equals sklearn.metrics on shared cases: ties, one-class inputs, zero divisions. */
class MetricsMatchSklearnTest {
    private static final String SCRIPT = """
            import sys, warnings, numpy as np
            from sklearn import metrics as M
            warnings.simplefilter("ignore")
            out = sys.argv[1]
            rng = np.random.default_rng(3)
            cases = []
            for c in range(30):
                n = int(rng.integers(1, 60))
                y = (rng.uniform(size=n) < rng.uniform(0.1, 0.9)).astype(np.int64)
                s = np.round(rng.uniform(size=n) + 0.4 * y, int(rng.integers(0, 3)))  # coarse rounding = many ties
                cases.append((y, np.clip(s, 0, 1)))
            cases.append((np.ones(8, dtype=np.int64), rng.uniform(size=8)))        # one class: AUC nan
            cases.append((np.zeros(8, dtype=np.int64), rng.uniform(size=8)))
            cases.append((np.array([0, 1, 1, 0]), np.array([0.1, 0.2, 0.3, 0.4])))  # nothing predicted positive
            cases.append((np.array([0, 0, 0, 0]), np.array([0.6, 0.7, 0.1, 0.2])))  # no true positives
            cases.append((np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.5, 0.5])))  # all tied, threshold edge
            cases.append((np.array([1, 0]), np.array([0.9, 0.1])))
            for c, (y, s) in enumerate(cases):
                p = (s > 0.5).astype(np.int64)
                cm = M.confusion_matrix(y, p, labels=[0, 1]).ravel()
                auc = M.roc_auc_score(y, s)  # nan (with a warning) for one class
                vals = [M.accuracy_score(y, p), M.precision_score(y, p, zero_division="warn"),
                        M.recall_score(y, p, zero_division="warn"), M.f1_score(y, p, zero_division="warn"), auc, *cm]
                np.save(f"{out}/c{c}_y.npy", y)
                np.save(f"{out}/c{c}_s.npy", s.astype(np.float64))
                np.save(f"{out}/c{c}_m.npy", np.array(vals, dtype=np.float64))
            with open(f"{out}/n.txt", "w") as f:
                f.write(str(len(cases)))
            """;

    @Test
    void everyMetricEqualsSklearn(@TempDir Path dir) throws Exception {
        PythonEnv.project().runScript(SCRIPT, dir.toString()).orThrow("sklearn metrics");
        int n = Integer.parseInt(java.nio.file.Files.readString(dir.resolve("n.txt")).trim());
        int nanAucs = 0;
        for (int c = 0; c < n; c++) {
            int[] y = Npy.read(dir.resolve("c" + c + "_y.npy")).asInts();
            double[] s = Npy.read(dir.resolve("c" + c + "_s.npy")).asDoubles();
            double[] m = Npy.read(dir.resolve("c" + c + "_m.npy")).asDoubles();
            MetricSet got = BinaryMetrics.evaluate(y, s);
            String at = "case " + c;
            assertEquals(m[0], got.accuracy(), 1e-15, at + " accuracy");
            assertEquals(m[1], got.precision(), 1e-15, at + " precision");
            assertEquals(m[2], got.recall(), 1e-15, at + " recall");
            assertEquals(m[3], got.f1(), 1e-15, at + " f1");
            if (Double.isNaN(m[4])) {
                nanAucs++;
                assertTrue(Double.isNaN(got.rocAuc()), at + " roc_auc should be NaN");
            } else {
                assertEquals(m[4], got.rocAuc(), 1e-12, at + " roc_auc");
            }
            assertEquals((long) m[5], got.confusion().tn(), at + " tn");
            assertEquals((long) m[6], got.confusion().fp(), at + " fp");
            assertEquals((long) m[7], got.confusion().fn(), at + " fn");
            assertEquals((long) m[8], got.confusion().tp(), at + " tp");
        }
        assertTrue(nanAucs >= 2, "the one-class cases were exercised");
    }

    @Test
    void patientLevelUsesMeanProbabilityAndMajorityLabel() {
        PatientLevel p = PatientLevel.aggregate(new String[] {"a", "a", "b", "b", "b"}, new int[] {1, 1, 0, 0, 1},
                new double[] {0.2, 0.6, 0.9, 0.3, 0.3});
        assertEquals(java.util.List.of("a", "b"), p.patients());
        assertEquals(0.4, p.proba()[0], 1e-15);
        assertEquals(0.5, p.proba()[1], 1e-15);
        assertEquals(1, p.labels()[0]);
        assertEquals(0, p.labels()[1]);
        assertEquals(0, p.evaluate().confusion().tp() + p.evaluate().confusion().fp(), "0.4 and 0.5 are not above 0.5");
    }

    @Test
    void labelsOtherThanZeroOrOneAreRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> BinaryMetrics.rocAuc(new int[] {0, 2}, new double[] {0.1, 0.2}));
        assertEquals("parameter 'y_true'", e.where());
    }

    @Test
    void lengthMismatchIsRejected() {
        assertThrows(BadInputException.class, () -> BinaryMetrics.accuracy(new int[] {0, 1}, new int[] {0}));
    }

    @Test
    void nanScoresAreRejected() {
        assertThrows(BadInputException.class, () -> BinaryMetrics.rocAuc(new int[] {0, 1}, new double[] {0.1, Double.NaN}));
    }
}
