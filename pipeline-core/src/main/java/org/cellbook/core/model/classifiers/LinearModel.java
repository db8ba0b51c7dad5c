package org.cellbook.core.model.classifiers;

/** A fitted linear decision function {@code z = coef . x + intercept}. */
public record LinearModel(double[] coef, double intercept) {
    public double decision(double[] row) {
        double z = intercept;
        for (int j = 0; j < coef.length; j++) {
            z += coef[j] * row[j];
        }
        return z;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** log(1 + exp(z)) without overflow. */
    static double log1pExp(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    /** Adds {@code scale * a a^T} to the upper triangle of {@code h} (a's last entry is the intercept's 1). */
    static void addOuterUpper(double[][] h, double[] row, double scale) {
        int p = row.length;
        for (int i = 0; i < p; i++) {
            double si = scale * row[i];
            double[] hi = h[i];
            for (int j = i; j < p; j++) {
                hi[j] += si * row[j];
            }
            hi[p] += si;
        }
        h[p][p] += scale;
    }
}
