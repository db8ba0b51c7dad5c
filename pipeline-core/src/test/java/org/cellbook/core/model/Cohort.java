package org.cellbook.core.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.FoldTransform;

/**
 * Synthetic patients made by numpy with a fixed seed (so Java and Python see the same numbers):
 * each patient has its own feature offset (a batch effect that identifies it), a response label
 * shared by all its cells, and optionally a response signal on the first three features.
 */
record Cohort(DenseMatrix x, int[] y, int[] patientIds) {
    static final String SCRIPT = """
            import sys, numpy as np
            out, seed, signal, n_pat, p, cell_level = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
            rng = np.random.default_rng(seed)
            sizes = rng.integers(120, 220, size=n_pat)
            resp = np.zeros(n_pat, dtype=np.int64)
            resp[rng.permutation(n_pat)[: (n_pat + 1) // 2]] = 1
            X, y, g = [], [], []
            w = np.zeros(p); w[:3] = 1.0
            for k in range(n_pat):
                offset = rng.normal(0, 1.0, size=p)
                xk = rng.normal(size=(sizes[k], p)) + offset
                if cell_level:
                    lin = xk[:, :3].sum(axis=1) - offset[:3].sum()
                    yk = (lin + rng.normal(0, 1.5, size=sizes[k]) > 0).astype(np.int64)
                else:
                    yk = np.full(sizes[k], resp[k], dtype=np.int64)
                    xk = xk + signal * (yk[:, None] - 0.5) * w
                X.append(xk); y.append(yk); g.append(np.full(sizes[k], 101 + k, dtype=np.int64))
            np.save(out + "/x.npy", np.concatenate(X).astype(np.float32))
            np.save(out + "/y.npy", np.concatenate(y))
            np.save(out + "/g.npy", np.concatenate(g))
            """;

    /** Patient-level labels with a planted signal of the given strength (0 = none). */
    static Cohort patientLabels(Path dir, int seed, double signal, int nPatients, int nFeatures) {
        return make(dir, seed, signal, nPatients, nFeatures, false);
    }

    /** Labels that vary within patients, driven by the first three features (for model comparisons). */
    static Cohort cellLabels(Path dir, int seed, int nPatients, int nFeatures) {
        return make(dir, seed, 0, nPatients, nFeatures, true);
    }

    private static Cohort make(Path dir, int seed, double signal, int nPatients, int nFeatures, boolean cellLevel) {
        PythonEnv.project().runScript(SCRIPT, dir.toString(), Integer.toString(seed), Double.toString(signal),
                Integer.toString(nPatients), Integer.toString(nFeatures), cellLevel ? "1" : "0").orThrow("cohort generator");
        Npy.Array x = Npy.read(dir.resolve("x.npy"));
        return new Cohort(new DenseMatrix(x.rows(), x.cols(), x.asFloats()), Npy.read(dir.resolve("y.npy")).asInts(),
                Npy.read(dir.resolve("g.npy")).asInts());
    }

    /** Row i of the permutation gets label of patient... : labels shuffled between patients. */
    Cohort withPatientLabelsPermuted(long seed) {
        int[] ids = java.util.Arrays.stream(patientIds).distinct().sorted().toArray();
        java.util.Map<Integer, Integer> label = new java.util.HashMap<>();
        for (int i = 0; i < y.length; i++) {
            label.put(patientIds[i], y[i]);
        }
        List<Integer> labels = new ArrayList<>();
        for (int id : ids) {
            labels.add(label.get(id));
        }
        java.util.Collections.shuffle(labels, new java.util.Random(seed));
        int[] ny = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            ny[i] = labels.get(java.util.Arrays.binarySearch(ids, patientIds[i]));
        }
        return new Cohort(x, ny, patientIds);
    }

    /**
     * Labels drawn afresh per cell, independent of the features: half of each patient's cells
     * positive (the odd cell's label drawn at random, which makes the patient's majority label
     * random too). Keeping each patient balanced keeps every outer training part at the same
     * prevalence; see LeakageTest for why that matters.
     */
    Cohort withCellLabelsShuffledWithinPatients(long seed) {
        java.util.Random rng = new java.util.Random(seed);
        int[] ny = new int[y.length];
        int i = 0;
        while (i < y.length) {
            int j = i;
            while (j < y.length && patientIds[j] == patientIds[i]) {
                j++;
            }
            int n = j - i;
            int positives = n / 2 + (n % 2 == 1 && rng.nextBoolean() ? 1 : 0);
            List<Integer> labels = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                labels.add(k < positives ? 1 : 0);
            }
            java.util.Collections.shuffle(labels, rng);
            for (int k = 0; k < n; k++) {
                ny[i + k] = labels.get(k);
            }
            i = j;
        }
        return new Cohort(x, ny, patientIds);
    }

    FeatureSet featureSet(String name, List<FoldTransform> transforms) {
        int n = y.length;
        int[] cells = new int[n];
        String[] patients = new String[n];
        for (int i = 0; i < n; i++) {
            cells[i] = i;
            patients[i] = "P" + patientIds[i];
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < x.nCols(); j++) {
            names.add("f" + j);
        }
        return new FeatureSet(name, x, names, cells, y, patients, transforms);
    }
}
