package org.cellbook.core.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.model.features.FeatureSet;
import org.cellbook.core.model.features.StandardScaler;

/**
 * A small patient-structured feature set for fold-loop tests and benchmarks, without a cohort on
 * disk: patients alternate between the two labels, each patient shifts every feature by its own
 * offset (so leaving one out matters), and the first {@code signalFeatures} features carry the label.
 */
public final class SyntheticFeatureSet {
    private SyntheticFeatureSet() {
    }

    /**
     * @param effect added to the signal features as {@code effect * (label - 0.5)}
     */
    public static FeatureSet of(String name, long seed, int patients, int cellsPerPatient, int features,
                                int signalFeatures, double effect) {
        Random rng = new Random(seed);
        int n = patients * cellsPerPatient;
        float[] x = new float[n * features];
        int[] labels = new int[n];
        int[] cells = new int[n];
        String[] pats = new String[n];
        for (int k = 0; k < patients; k++) {
            double[] offset = rng.doubles(features).map(v -> v - 0.5).toArray();
            for (int c = 0; c < cellsPerPatient; c++) {
                int i = k * cellsPerPatient + c;
                labels[i] = k % 2;
                cells[i] = i;
                pats[i] = "P" + (k + 1);
                for (int j = 0; j < features; j++) {
                    double signal = j < signalFeatures ? effect * (labels[i] - 0.5) : 0;
                    x[i * features + j] = (float) (rng.nextGaussian() + offset[j] + signal);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("f" + j);
        }
        return new FeatureSet(name, new DenseMatrix(n, features, x), names, cells, labels, pats,
                List.of(new StandardScaler()));
    }
}
