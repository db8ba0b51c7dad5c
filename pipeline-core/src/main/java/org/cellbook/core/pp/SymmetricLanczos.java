package org.cellbook.core.pp;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.arpackng.global.arpack;

/**
 * Largest eigenpairs of a symmetric operator with ARPACK's implicitly restarted Lanczos
 * ({@code dsaupd}/{@code dseupd} from arpack-ng, the library scipy's {@code eigsh}/{@code svds}
 * and so sklearn's {@code svd_solver="arpack"} use), driven here so that the starting vector is
 * ours: uniform in [-1, 1) from a seeded {@link Random} (sklearn draws its {@code v0} the same
 * way from its random_state). ARPACK's own default start keeps a hidden seed across calls, so
 * results would otherwise depend on what ran before.
 */
final class SymmetricLanczos {
    private SymmetricLanczos() {
    }

    /** Eigenvalues in decreasing order and the matching unit eigenvectors. */
    record Eigen(double[] values, double[][] vectors) {
    }

    /**
     * @param n   dimension of the operator
     * @param op  y = A x (x must not be modified)
     * @param k   number of eigenpairs, below n
     * @param tol ARPACK's relative accuracy of the Ritz values (0 = machine precision)
     */
    static Eigen largest(int n, UnaryOperator<double[]> op, int k, long seed, double tol) {
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("need 0 < k < n, got k=" + k + ", n=" + n);
        }
        int ncv = Math.min(n, Math.max(2 * k + 1, 20)); // scipy's default
        byte[] bmat = cstr("I");
        byte[] which = cstr("LA");
        int[] ido = {0};
        int[] info = {1}; // use our resid as the start vector
        double[] resid = new double[n];
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            resid[i] = 2 * rnd.nextDouble() - 1;
        }
        double[] v = new double[n * ncv];
        int[] iparam = new int[11];
        iparam[0] = 1; // exact shifts
        iparam[2] = Math.max(300, 10 * n); // max iterations
        iparam[6] = 1; // mode 1: standard problem
        int[] ipntr = new int[11];
        double[] workd = new double[3 * n];
        int lworkl = ncv * (ncv + 8);
        double[] workl = new double[lworkl];
        while (true) {
            arpack.dsaupd_c(ido, bmat, n, which, k, tol, resid, ncv, v, n, iparam, ipntr, workd, workl, lworkl, info);
            if (ido[0] != 1 && ido[0] != -1) {
                break;
            }
            double[] x = new double[n];
            System.arraycopy(workd, ipntr[0] - 1, x, 0, n);
            System.arraycopy(op.apply(x), 0, workd, ipntr[1] - 1, n);
        }
        if (info[0] < 0 || info[0] == 1) {
            throw new IllegalStateException("ARPACK dsaupd failed (info " + info[0] + ", " + iparam[4] + " of " + k
                    + " eigenvalues converged)");
        }
        double[] d = new double[k];
        double[] z = new double[n * k];
        int[] select = new int[ncv];
        arpack.dseupd_c(1, cstr("A"), select, d, z, n, 0.0, bmat, n, which, k, tol, resid, ncv, v, n,
                iparam, ipntr, workd, workl, lworkl, info);
        if (info[0] != 0) {
            throw new IllegalStateException("ARPACK dseupd failed (info " + info[0] + ")");
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(d[b], d[a]));
        double[] values = new double[k];
        double[][] vectors = new double[k][n];
        for (int t = 0; t < k; t++) {
            values[t] = d[order[t]];
            System.arraycopy(z, order[t] * n, vectors[t], 0, n);
        }
        return new Eigen(values, vectors);
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }
}
