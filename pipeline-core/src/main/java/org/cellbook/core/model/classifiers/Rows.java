package org.cellbook.core.model.classifiers;

/**
 * A dense matrix as one row-major {@code double[]}: the linear solvers' loops run over contiguous
 * memory (which the JIT vectorises) instead of chasing one array per row.
 */
record Rows(double[] data, int n, int p) {
    static Rows of(double[][] x) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        double[] d = new double[n * p];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, d, i * p, p);
        }
        return new Rows(d, n, p);
    }

    /** {@code w[0..p) . row i + w[p]} (w's last entry is the intercept). */
    double z(double[] w, int i) {
        double z = w[p];
        int base = i * p;
        for (int j = 0; j < p; j++) {
            z += w[j] * data[base + j];
        }
        return z;
    }

    /** Adds {@code r * (row i, 1)} to {@code g} (length p + 1). */
    void addScaled(double[] g, int i, double r) {
        int base = i * p;
        for (int j = 0; j < p; j++) {
            g[j] += r * data[base + j];
        }
        g[p] += r;
    }

    /**
     * Adds {@code s * a a^T}, {@code a = (row i, 1)}, to the upper triangle of the row-major
     * {@code (p+1) x (p+1)} matrix {@code h}.
     */
    void addOuterUpper(double[] h, int i, double s) {
        int dim = p + 1;
        int base = i * p;
        for (int k = 0; k < p; k++) {
            double sk = s * data[base + k];
            int hk = k * dim;
            for (int j = k; j < p; j++) {
                h[hk + j] += sk * data[base + j];
            }
            h[hk + p] += sk;
        }
        h[p * dim + p] += s;
    }
}
