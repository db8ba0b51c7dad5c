package org.cellbook.core.pp;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.IntStream;
import org.bytedeco.openblas.global.openblas;
import org.cellbook.cache.ReadEntry;
import org.cellbook.core.data.*;
import smile.math.blas.*;
/** Pca.dense's phases, timed (a copy of its code). */
public final class PcaSplit {
    static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static long c0, t0;
    static double[] acc = new double[6];
    static void start() { c0 = OS.getProcessCpuTime(); t0 = System.nanoTime(); }
    static void stop(int i) { acc[i] += (OS.getProcessCpuTime() - c0) / 1e9; }
    public static void main(String[] a) throws Exception {
        AnnData s = ReadEntry.read(Path.of(a[0]), DataCodecs.ANNDATA);
        DenseMatrix x = (DenseMatrix) s.x();
        int n = x.nRows(), p = x.nCols(), k = 30, BLOCK = 4096;
        int[] cols = IntStream.range(0, p).toArray();
        
        for (int rep = 0; rep < 3; rep++) {
            Arrays.fill(acc, 0);
            long w0 = System.nanoTime();
            start();
            double[] mean = new double[p];
            float[] d = x.data();
            for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) mean[j] += d[i * p + j];
            for (int j = 0; j < p; j++) mean[j] /= n;
            stop(0);
            double[] cov = new double[p * p];
            double[] blk = new double[BLOCK * p];
            for (int from = 0; from < n; from += BLOCK) {
                int rows = Math.min(BLOCK, n - from);
                start(); fill(x, mean, from, rows, blk); stop(1);
                start();
                openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasTrans, p, rows, 1.0, blk, p, 1.0, cov, p);
                stop(2);
            }
            start();
            int[] found = new int[1]; double[] w = new double[p]; double[] z = new double[p * k];
            openblas.LAPACKE_dsyevr(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'I', (byte) 'L', p, cov, p, 0, 0, p - k + 1, p, 0, found, w, z, k, new int[2 * k]);
            stop(3);
            double[] vt = new double[p * k];
            double[] out = new double[BLOCK * k];
            for (int from = 0; from < n; from += BLOCK) {
                int rows = Math.min(BLOCK, n - from);
                start(); fill(x, mean, from, rows, blk); stop(1);
                start();
                BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, rows, k, p, 1.0, blk, p, vt, k, 0.0, out, k);
                stop(4);
            }
            System.out.printf(Locale.ROOT, "wall %.2f CPU: means %.2f fill(2 passes) %.2f dsyrk %.2f dsyevr %.2f dgemm %.2f  load %s%n", (System.nanoTime() - w0) / 1e9, acc[0], acc[1], acc[2], acc[3], acc[4], Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
        }
    }
    static void fill(DenseMatrix x, double[] mean, int from, int rows, double[] blk) {
        int p = x.nCols(); float[] a = x.data();
        IntStream.range(0, rows).parallel().forEach(r -> { int base = (from + r) * p, o = r * p; for (int j = 0; j < p; j++) blk[o + j] = a[base + j] - mean[j]; });
    }
}
