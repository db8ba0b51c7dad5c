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
        // Four partial sums: the JIT does not vectorise a floating-point reduction, but it
        // overlaps independent chains.
        int base = i * p;
        double z0 = 0;
        double z1 = 0;
        double z2 = 0;
        double z3 = 0;
        int j = 0;
        for (; j + 3 < p; j += 4) {
            z0 += w[j] * data[base + j];
            z1 += w[j + 1] * data[base + j + 1];
            z2 += w[j + 2] * data[base + j + 2];
            z3 += w[j + 3] * data[base + j + 3];
        }
        for (; j < p; j++) {
            z0 += w[j] * data[base + j];
        }
        return w[p] + ((z0 + z1) + (z2 + z3));
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
     * {@link #addScaled} for rows {@code i .. i+3} in that order: per entry the four products are
     * added one after another (Java does not reassociate or fuse them), so the result is bit for
     * bit four calls', with one load and store of {@code g} instead of four.
     */
    void addScaled4(double[] g, int i, double r0, double r1, double r2, double r3) {
        int b0 = i * p;
        int b1 = b0 + p;
        int b2 = b1 + p;
        int b3 = b2 + p;
        double[] d = data;
        for (int j = 0; j < p; j++) {
            g[j] = g[j] + r0 * d[b0 + j] + r1 * d[b1 + j] + r2 * d[b2 + j] + r3 * d[b3 + j];
        }
        g[p] = g[p] + r0 + r1 + r2 + r3;
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

    /**
     * {@link #addOuterUpper} for four rows at once: each Hessian entry is loaded and stored once
     * per four rows, which is what bounds the rank-1 loop.
     */
    void addOuterUpper4(double[] h, int r0, int r1, int r2, int r3, double s0, double s1, double s2, double s3) {
        int dim = p + 1;
        int b0 = r0 * p;
        int b1 = r1 * p;
        int b2 = r2 * p;
        int b3 = r3 * p;
        double[] d = data;
        for (int k = 0; k < p; k++) {
            double a0 = s0 * d[b0 + k];
            double a1 = s1 * d[b1 + k];
            double a2 = s2 * d[b2 + k];
            double a3 = s3 * d[b3 + k];
            int hk = k * dim;
            for (int j = k; j < p; j++) {
                h[hk + j] += a0 * d[b0 + j] + a1 * d[b1 + j] + a2 * d[b2 + j] + a3 * d[b3 + j];
            }
            h[hk + p] += a0 + a1 + a2 + a3;
        }
        h[p * dim + p] += s0 + s1 + s2 + s3;
    }
}
