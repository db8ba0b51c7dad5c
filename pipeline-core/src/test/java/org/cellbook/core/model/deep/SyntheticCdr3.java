package org.cellbook.core.model.deep;

import java.util.SplittableRandom;
import org.cellbook.core.model.classifiers.TrainingData;
import org.cellbook.core.model.split.Groups;

/**
 * Synthetic labelled data for the deep models. Sequences: random CDR3-like strings (uniform
 * amino acids, lengths in [minLength, maxLength]) one-hot encoded position-major like
 * {@code OneHotEncoding}; class 1 carries the motif "WGW" at a random position. Dense: Gaussian
 * features, class 1 when x0 + x1 - x2 plus noise is positive. Rows belong to {@code patients}
 * groups in turn.
 */
record SyntheticCdr3(double[][] x, int[] y, String[] patients) {
    static final String ALPHABET = "ACDEFGHIKLMNPQRSTVWY";
    static final String MOTIF = "WGW";

    static SyntheticCdr3 sequences(int n, int minLength, int maxLength, int patients, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][maxLength * 20];
        int[] y = new int[n];
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            int len = rng.nextInt(minLength, maxLength + 1);
            char[] s = new char[len];
            for (int p = 0; p < len; p++) {
                s[p] = ALPHABET.charAt(rng.nextInt(20));
            }
            y[i] = rng.nextInt(2);
            if (y[i] == 1) {
                int at = rng.nextInt(len - MOTIF.length() + 1);
                MOTIF.getChars(0, MOTIF.length(), s, at);
            }
            for (int p = 0; p < len; p++) {
                x[i][p * 20 + ALPHABET.indexOf(s[p])] = 1;
            }
            g[i] = "P" + (i % patients);
        }
        return new SyntheticCdr3(x, y, g);
    }

    static SyntheticCdr3 dense(int n, int features, int patients, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][features];
        int[] y = new int[n];
        String[] g = new String[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                x[i][j] = gaussian(rng);
            }
            y[i] = x[i][0] + x[i][1] - x[i][2] + 0.5 * gaussian(rng) > 0 ? 1 : 0;
            g[i] = "P" + (i % patients);
        }
        return new SyntheticCdr3(x, y, g);
    }

    TrainingData training() {
        return new TrainingData(x, y, Groups.of(patients));
    }

    /** The same rows with labels permuted (no signal left). */
    SyntheticCdr3 shuffledLabels(long seed) {
        int[] p = y.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return new SyntheticCdr3(x, p, patients);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 21.
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
