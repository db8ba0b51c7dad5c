package org.cellbook.core.pp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.bytedeco.openblas.global.openblas;
import smile.math.blas.BLAS;
import smile.math.blas.Layout;
import smile.math.blas.Transpose;
import tech.tablesaw.api.BooleanColumn;

/**
 * {@code sc.pp.pca}: principal components of the highly variable genes (scanpy's default mask),
 * stored as obsm {@code X_pca} (cells x n_comps), varm {@code PCs} (genes x n_comps, zero rows for
 * genes outside the mask) and uns {@code pca} ({@code variance}, {@code variance_ratio},
 * {@code params}).
 *
 * <p><b>Dense X</b> (the scaled HVG matrix): exact, from the p x p covariance {@code Xc^T Xc},
 * accumulated in float64 over blocks of 4096 centred rows with OpenBLAS {@code dsyrk}, and its
 * k leading eigenpairs by LAPACK {@code dsyevr} (MRRR, range "I"). For n = 70,000 and
 * p = 2,000 the covariance costs n p^2 flops in one BLAS-3 pass over X and the eigensolver
 * O(p^3) independent of n; sklearn's {@code svd_solver="arpack"} instead makes hundreds of
 * memory-bound passes over the n x p matrix and a full thin SVD costs a larger multiple of
 * n p^2. Measured on the (loaded) 2-core machine for p = 2,000: all pairs with {@code dsyevd}
 * 40 s, ARPACK on the covariance 12 s (867 products for an unstructured spectrum),
 * {@code dsyevr} for 50 pairs 3 s. Forming the covariance squares the condition number, which is
 * harmless: only the leading eigenvalues are kept and they are far above float64 round-off. Only one block (not a float64 copy of X) is held. Explained variance =
 * eigenvalue / (n - 1); ratio over the total variance (trace / (n - 1)), sklearn's definitions.
 *
 * <p><b>Sparse X</b> is never densified: ARPACK (implicitly restarted Lanczos,
 * {@link SymmetricLanczos}) on the implicit operator {@code Xc^T Xc} ({@link GramOperator}), centred when {@code zeroCenter} (sklearn's sparse
 * {@code PCA(svd_solver="arpack")}) and uncentred otherwise, which is sklearn's
 * {@code TruncatedSVD(algorithm="arpack")}: singular values = sqrt(eigenvalues), explained
 * variance = variance of the projections (ddof 0) over the total (ddof 0), as sklearn defines
 * them for TruncatedSVD. The Lanczos start vector is drawn from {@code randomState}; ARPACK runs
 * to float32 machine precision, as sklearn's (tol 0 on a float32 operator, see
 * {@link #FLOAT32_ARPACK_TOL}), so the seed moves results only at that level.
 * scanpy's default for {@code zero_center=False} is sklearn's randomized solver, which
 * approximates these same vectors.
 *
 * <p><b>Signs</b>: sklearn's {@code svd_flip(u_based_decision=False)} - each component is
 * flipped so that its entry of largest absolute value (first such entry on ties) is positive.
 * Components thus equal sklearn's up to numerical error, not just up to sign.
 *
 * <p><b>Determinism</b>: Java-side sums use fixed chunks reduced in order; the OpenBLAS kernels
 * ({@code dsyrk}, {@code dgemm}, {@code dsyevr}) split output blocks across their threads, so
 * results are reproducible on a machine and agree with sklearn to round-off.
 *
 * <p><b>Deviations</b>: X_pca and PCs are float32 (scanpy: X_pca float32, PCs float64); no
 * {@code svd_solver} choice, no {@code chunked} (IncrementalPCA), no {@code layer}.
 */
public final class Pca {
    private static final int BLOCK = 4096;

    private Pca() {
    }

    /**
     * @param nComps            components; default null = 50, or min(n_obs, n_vars) - 1 when that is smaller
     * @param zeroCenter        centre the genes (PCA); false = truncated SVD. Default true
     * @param useHighlyVariable restrict to var {@code highly_variable}; default null = when that column exists
     * @param randomState       scanpy's random_state (default 0); see class notes
     */
    public record Params(Integer nComps, boolean zeroCenter, Boolean useHighlyVariable, long randomState) {
        public Params {
            if (nComps != null && nComps < 1) {
                throw BadInputException.parameter("n_comps", "must be at least 1, got " + nComps, "the default is 50");
            }
        }

        public static Params defaults() {
            return new Params(null, true, null, 0);
        }

        public Params withNComps(Integer n) {
            return new Params(n, zeroCenter, useHighlyVariable, randomState);
        }

        public Params withZeroCenter(boolean z) {
            return new Params(nComps, z, useHighlyVariable, randomState);
        }

        public Params withUseHighlyVariable(Boolean u) {
            return new Params(nComps, zeroCenter, u, randomState);
        }
    }

    /** Components as rows (k x p), explained variance and ratio, and the cell scores (n x k, row-major). */
    record Result(double[][] components, double[] variance, double[] varianceRatio, double[] singularValues, float[] scores) {
    }

    public static AnnData apply(AnnData adata, Params p) {
        int[] cols = mask(adata, p);
        int k = nComps(p, adata.nObs(), cols.length);
        Result r = adata.x() instanceof CsrMatrix c ? sparse(c, cols, k, p.zeroCenter(), p.randomState()) : dense((DenseMatrix) adata.x(), cols, k, p.zeroCenter());
        float[] pcs = new float[adata.nVars() * k];
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < cols.length; j++) {
                pcs[cols[j] * k + t] = (float) r.components()[t][j];
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("zero_center", p.zeroCenter());
        boolean hv = cols.length != adata.nVars() || usesHvg(adata, p);
        params.put("use_highly_variable", hv);
        params.put("mask_var", hv ? "highly_variable" : null);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("params", params);
        info.put("variance", r.variance());
        info.put("variance_ratio", r.varianceRatio());
        return adata.toBuilder()
                .obsm("X_pca", new DenseMatrix(adata.nObs(), k, r.scores()))
                .varm("PCs", new DenseMatrix(adata.nVars(), k, pcs))
                .uns("pca", info)
                .build();
    }

    private static boolean usesHvg(AnnData adata, Params p) {
        boolean has = adata.var().columnNames().contains("highly_variable");
        if (Boolean.TRUE.equals(p.useHighlyVariable()) && !has) {
            throw BadInputException.parameter("use_highly_variable", "var has no 'highly_variable' column",
                    "run HighlyVariableGenes first or set use_highly_variable=false");
        }
        return p.useHighlyVariable() == null ? has : p.useHighlyVariable();
    }

    private static int[] mask(AnnData adata, Params p) {
        if (!usesHvg(adata, p)) {
            return IntStream.range(0, adata.nVars()).toArray();
        }
        if (!(adata.var().column("highly_variable") instanceof BooleanColumn hv)) {
            throw BadInputException.parameter("use_highly_variable", "var 'highly_variable' is not boolean", "recompute it with HighlyVariableGenes");
        }
        int[] cols = IntStream.range(0, adata.nVars()).filter(hv::get).toArray();
        if (cols.length == 0) {
            throw BadInputException.parameter("use_highly_variable", "no gene is highly variable", "check the HVG step");
        }
        return cols;
    }

    private static int nComps(Params p, int nObs, int nVars) {
        int minDim = Math.min(nObs, nVars);
        int k = p.nComps() != null ? p.nComps() : (minDim <= 50 ? minDim - 1 : 50);
        if (k >= minDim) {
            throw BadInputException.parameter("n_comps", k + " components need more than min(n_obs, n_vars) = " + minDim,
                    "ask for fewer than " + minDim + " components (ARPACK's limit, as in scikit-learn)");
        }
        return k;
    }

    // ---------------------------------------------------------------- dense: covariance + dsyevd

    static Result dense(DenseMatrix x, int[] cols, int k, boolean center) {
        int n = x.nRows();
        int p = cols.length;
        double[] mean = center ? columnMeans(x, cols) : new double[p];
        double[] cov = new double[p * p];
        double[] blk = new double[BLOCK * p];
        for (int from = 0; from < n; from += BLOCK) {
            int rows = Math.min(BLOCK, n - from);
            fillBlock(x, cols, mean, from, rows, blk);
            // C += B^T B on the lower triangle (BLAS-3 syrk: half the flops of a GEMM).
            openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasTrans, p, rows,
                    1.0, blk, p, 1.0, cov, p);
        }
        double trace = 0;
        for (int i = 0; i < p; i++) {
            trace += cov[i * p + i];
        }
        // LAPACK dsyevr (MRRR): only the k largest eigenpairs, ascending.
        int[] found = new int[1];
        double[] w = new double[p];
        double[] z = new double[p * k];
        int info = openblas.LAPACKE_dsyevr(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'I', (byte) 'L', p, cov, p,
                0, 0, p - k + 1, p, 0, found, w, z, k, new int[2 * k]);
        if (info != 0 || found[0] != k) {
            throw new IllegalStateException("LAPACK dsyevr failed (info " + info + ", " + found[0] + " of " + k + " eigenpairs)");
        }
        double[][] comp = new double[k][p];
        double[] ev = new double[k];
        for (int t = 0; t < k; t++) {
            int col = k - 1 - t;
            ev[t] = Math.max(0, w[col]);
            for (int j = 0; j < p; j++) {
                comp[t][j] = z[j * k + col];
            }
        }
        flipSigns(comp);
        float[] scores = project(x, cols, mean, comp);
        if (center) {
            double[] variance = new double[k];
            double[] ratio = new double[k];
            double[] sv = new double[k];
            for (int t = 0; t < k; t++) {
                variance[t] = ev[t] / (n - 1);
                ratio[t] = ev[t] / trace;
                sv[t] = Math.sqrt(ev[t]);
            }
            return new Result(comp, variance, ratio, sv, scores);
        }
        double[] sv = Arrays.stream(ev).map(Math::sqrt).toArray();
        ColumnStats st = ColumnStats.ofDense(x.selectCols(cols));
        return truncatedSvdResult(comp, sv, scores, n, totalVarDdof0(st, n));
    }

    private static double[] columnMeans(DenseMatrix x, int[] cols) {
        int m = x.nCols();
        int p = cols.length;
        float[] a = x.data();
        List<double[]> parts = RowChunks.map(x.nRows(), (from, to) -> {
            double[] s = new double[p];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < p; j++) {
                    s[j] += a[i * m + cols[j]];
                }
            }
            return s;
        });
        double[] s = RowChunks.sumInOrder(parts, p);
        for (int j = 0; j < p; j++) {
            s[j] /= x.nRows();
        }
        return s;
    }

    private static void fillBlock(DenseMatrix x, int[] cols, double[] mean, int from, int rows, double[] blk) {
        int m = x.nCols();
        int p = cols.length;
        float[] a = x.data();
        IntStream.range(0, rows).parallel().forEach(r -> {
            int base = (from + r) * m;
            int o = r * p;
            for (int j = 0; j < p; j++) {
                blk[o + j] = a[base + cols[j]] - mean[j];
            }
        });
    }

    /** Scores = Xc V^T, block by block with DGEMM. */
    private static float[] project(DenseMatrix x, int[] cols, double[] mean, double[][] comp) {
        int n = x.nRows();
        int p = cols.length;
        int k = comp.length;
        double[] vt = new double[p * k];
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < p; j++) {
                vt[j * k + t] = comp[t][j];
            }
        }
        float[] scores = new float[n * k];
        double[] blk = new double[BLOCK * p];
        double[] out = new double[BLOCK * k];
        for (int from = 0; from < n; from += BLOCK) {
            int rows = Math.min(BLOCK, n - from);
            fillBlock(x, cols, mean, from, rows, blk);
            BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, rows, k, p,
                    1.0, blk, p, vt, k, 0.0, out, k);
            for (int q = 0; q < rows * k; q++) {
                scores[from * k + q] = (float) out[q];
            }
        }
        return scores;
    }

    // ---------------------------------------------------------------- sparse: ARPACK on the Gram operator

    /**
     * ARPACK's convergence tolerance for the sparse path. The data are float32, and scipy's
     * {@code svds} (behind sklearn's TruncatedSVD and scanpy's sparse PCA) then builds a float32
     * operator, so ARPACK runs in single precision ({@code ssaupd}) with {@code tol=0}, i.e.
     * float32 machine epsilon (LAPACK {@code slamch('E')} = 2^-24). We iterate in double but stop
     * at the same relative accuracy of the Ritz values: converging to double epsilon took about
     * 1.5x as many operator products for digits the reference does not have.
     */
    static final double FLOAT32_ARPACK_TOL = 0x1p-24;

    static Result sparse(CsrMatrix x, int[] cols, int k, boolean center, long seed) {
        int n = x.nRows();
        int p = cols.length;
        int[] colMap = new int[x.nCols()];
        Arrays.fill(colMap, -1);
        for (int j = 0; j < p; j++) {
            colMap[cols[j]] = j;
        }
        ColumnStats st = selectedStats(x, cols);
        double[] mu = center ? st.mean() : null;
        boolean allInOrder = p == x.nCols() && java.util.stream.IntStream.range(0, p).allMatch(j -> cols[j] == j);
        GramOperator op = new GramOperator(x, allInOrder ? null : colMap, p, mu);
        SymmetricLanczos.Eigen eig = SymmetricLanczos.largest(p, op::apply, k, seed, FLOAT32_ARPACK_TOL);
        double[][] comp = eig.vectors();
        double[] sv = new double[k];
        for (int t = 0; t < k; t++) {
            sv[t] = Math.sqrt(Math.max(0, eig.values()[t]));
        }
        flipSigns(comp);
        float[] scores = op.timesAll(comp);
        if (center) {
            double total = 0;
            for (double v : st.var()) {
                total += v;
            }
            double[] variance = new double[k];
            double[] ratio = new double[k];
            for (int t = 0; t < k; t++) {
                variance[t] = sv[t] * sv[t] / (n - 1);
                ratio[t] = variance[t] / total;
            }
            return new Result(comp, variance, ratio, sv, scores);
        }
        return truncatedSvdResult(comp, sv, scores, n, totalVarDdof0(st, n));
    }

    private static ColumnStats selectedStats(CsrMatrix x, int[] cols) {
        ColumnStats all = ColumnStats.ofSparse(x, null, null);
        double[] mean = new double[cols.length];
        double[] var = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            mean[j] = all.mean()[cols[j]];
            var[j] = all.var()[cols[j]];
        }
        return new ColumnStats(mean, var);
    }

    private static double totalVarDdof0(ColumnStats st, int n) {
        double s = 0;
        for (double v : st.var()) {
            s += v;
        }
        return n > 1 ? s * (n - 1) / n : s;
    }

    /** sklearn TruncatedSVD: explained variance = np.var(scores, axis=0), ratio over the data's total variance. */
    private static Result truncatedSvdResult(double[][] comp, double[] sv, float[] scores, int n, double totalVar) {
        int k = comp.length;
        double[] variance = new double[k];
        double[] ratio = new double[k];
        for (int t = 0; t < k; t++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += scores[i * k + t];
            }
            double mean = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double d = scores[i * k + t] - mean;
                ss += d * d;
            }
            variance[t] = ss / n;
            ratio[t] = variance[t] / totalVar;
        }
        return new Result(comp, variance, ratio, sv, scores);
    }

    /** sklearn's svd_flip(u_based_decision=False): the largest-magnitude entry of each component is positive. */
    static void flipSigns(double[][] comp) {
        for (double[] c : comp) {
            int arg = 0;
            for (int j = 1; j < c.length; j++) {
                if (Math.abs(c[j]) > Math.abs(c[arg])) {
                    arg = j;
                }
            }
            if (c[arg] < 0) {
                for (int j = 0; j < c.length; j++) {
                    c[j] = -c[j];
                }
            }
        }
    }
}
