package org.cellbook.core.pp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.columns.Column;

/**
 * {@code sc.pp.highly_variable_genes} with flavors {@code seurat}, {@code cell_ranger} (both on
 * log-normalised data) and {@code seurat_v3} (on counts), with or without {@code batch_key},
 * following scanpy 1.11.5 step by step so the selected sets are identical:
 *
 * <ul>
 *   <li>seurat: means/variances of {@code expm1(X)} (float32 expm1, undoing {@code uns["log1p"]["base"]}),
 *       zero means set to 1e-12, dispersion = var / mean, zero dispersions NaN, then log; mean =
 *       log1p(mean); 20 equal-width mean bins as {@code pd.cut} (first edge lowered by 0.1% of the
 *       range); per-bin mean (pandas' Kahan sum) and standard deviation (Welford, ddof 1), NaN
 *       skipped; single-gene bins get avg 0 and dev = their mean.</li>
 *   <li>cell_ranger: raw mean and dispersion; bins cut at the 10th, 15th, ..., 100th percentiles of
 *       the means (numpy linear interpolation); per-bin median and MAD (statsmodels'
 *       {@code median(|d - median| / 0.6745)}).</li>
 *   <li>With {@code n_top_genes}: genes whose normalised dispersion is at least the n-th highest
 *       (ties can give more than n, as scanpy). Otherwise the mean/dispersion cut-offs.</li>
 *   <li>batch_key: per batch (categories in sorted order) on the genes expressed in that batch
 *       (others count as 0), then means, dispersions and normalised dispersions averaged over
 *       batches (NaN skipped), {@code highly_variable_nbatches} summed; with n_top_genes the
 *       top genes by (nbatches desc, dispersions_norm desc, NaN last), ties in gene-name order as
 *       pandas' groupby leaves them.</li>
 *   <li>seurat_v3: log10 variance regressed on log10 mean with {@link Loess} (span 0.3, degree
 *       2, skmisc's default interpolated surface), counts clipped at
 *       {@code mean + sqrt(n) * reg_std}, normalised variance; ranks per batch, median rank over
 *       the batches where the gene is in the top n, genes sorted by (median rank, nbatches desc).
 *       scanpy ranks with numpy's unstable argsort, so among genes with exactly equal normalised
 *       variance (common in small matrices: genes with the same counts) numpy's order decides
 *       which are selected; {@link NumpyArgsort} reproduces that order as numpy computes it on
 *       x86-64 with AVX2 (other CPUs give numpy other orders among such ties).</li>
 * </ul>
 *
 * <p>Results go where scanpy puts them: var {@code highly_variable}, {@code means},
 * {@code dispersions}, {@code dispersions_norm} (float32 values), or for seurat_v3
 * {@code variances}, {@code variances_norm}, {@code highly_variable_rank}; with a batch key also
 * {@code highly_variable_nbatches} (and {@code highly_variable_intersection} for the dispersion
 * flavors); {@code uns["hvg"] = {"flavor": ...}}.
 */
public final class HighlyVariableGenes {
    private static final double MAD_C = 0.6744897501960817; // scipy.stats.norm.ppf(0.75)

    private HighlyVariableGenes() {
    }

    public enum Flavor {
        SEURAT("seurat"), CELL_RANGER("cell_ranger"), SEURAT_V3("seurat_v3");

        private final String scanpyName;

        Flavor(String scanpyName) {
            this.scanpyName = scanpyName;
        }

        public String scanpyName() {
            return scanpyName;
        }
    }

    /**
     * Parameters with scanpy's defaults ({@link #defaults()}): flavor seurat, n_top_genes null
     * (seurat_v3: 2000), min_disp 0.5, max_disp +inf, min_mean 0.0125, max_mean 3, span 0.3,
     * n_bins 20, batch_key null, subset false. The cut-offs are ignored when n_top_genes is set
     * and by seurat_v3.
     */
    public record Params(Flavor flavor, Integer nTopGenes, double minDisp, double maxDisp, double minMean,
                         double maxMean, double span, int nBins, String batchKey, boolean subset) {
        public Params {
            if (flavor == null) {
                throw BadInputException.parameter("flavor", "is missing", "use seurat, cell_ranger or seurat_v3");
            }
            if (nTopGenes != null && nTopGenes < 1) {
                throw BadInputException.parameter("n_top_genes", "must be at least 1, got " + nTopGenes, "e.g. 2000");
            }
            if (nBins < 1) {
                throw BadInputException.parameter("n_bins", "must be at least 1, got " + nBins, "the default is 20");
            }
            if (!(span > 0)) {
                throw BadInputException.parameter("span", "must be positive, got " + span, "the default is 0.3");
            }
        }

        public static Params defaults() {
            return new Params(Flavor.SEURAT, null, 0.5, Double.POSITIVE_INFINITY, 0.0125, 3, 0.3, 20, null, false);
        }

        public Params withFlavor(Flavor f) {
            return new Params(f, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, batchKey, subset);
        }

        public Params withNTopGenes(Integer n) {
            return new Params(flavor, n, minDisp, maxDisp, minMean, maxMean, span, nBins, batchKey, subset);
        }

        public Params withBatchKey(String key) {
            return new Params(flavor, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, key, subset);
        }

        public Params withSubset(boolean s) {
            return new Params(flavor, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, batchKey, s);
        }
    }

    public static AnnData apply(AnnData adata, Params p) {
        CsrMatrix x = adata.xSparse();
        List<boolean[]> batches = batches(adata, p.batchKey());
        AnnData out = p.flavor() == Flavor.SEURAT_V3 ? seuratV3(adata, x, batches, p) : dispersionBased(adata, x, batches, p);
        out = out.withUns("hvg", Map.of("flavor", p.flavor().scanpyName()));
        if (p.subset()) {
            BooleanColumn hv = (BooleanColumn) out.var().column("highly_variable");
            out = out.subsetVar(IntStream.range(0, out.nVars()).filter(hv::get).toArray());
        }
        return out;
    }

    /** One row mask per batch, categories sorted; a single null mask without a batch key. */
    private static List<boolean[]> batches(AnnData adata, String key) {
        List<boolean[]> out = new ArrayList<>();
        if (key == null) {
            out.add(null);
            return out;
        }
        if (!adata.obs().columnNames().contains(key)) {
            throw BadInputException.parameter("batch_key", "obs has no column '" + key + "'",
                    "name an obs column holding the batch of each cell");
        }
        Column<?> col = adata.obs().column(key);
        String[] v = new String[adata.nObs()];
        for (int i = 0; i < v.length; i++) {
            v[i] = col.getString(i);
        }
        for (String b : new TreeSet<>(Arrays.asList(v))) {
            boolean[] mask = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                mask[i] = v[i].equals(b);
            }
            out.add(mask);
        }
        return out;
    }

    // ---------------------------------------------------------------- seurat / cell_ranger

    private record Dispersion(double[] means, double[] disp, double[] dispNorm, boolean[] hv) {
    }

    private static AnnData dispersionBased(AnnData adata, CsrMatrix x, List<boolean[]> batches, Params p) {
        int m = x.nCols();
        Double base = Log1p.recordedBase(adata);
        if (batches.get(0) == null) {
            Dispersion d = singleBatch(x, null, false, p, base);
            return adata.withVarColumn(BooleanColumn.create("highly_variable", d.hv()))
                    .withVarColumn(DoubleColumn.create("means", d.means()))
                    .withVarColumn(DoubleColumn.create("dispersions", d.disp()))
                    .withVarColumn(DoubleColumn.create("dispersions_norm", toFloat32(d.dispNorm())));
        }
        int nb = batches.size();
        double[][] means = new double[nb][];
        double[][] disp = new double[nb][];
        double[][] norm = new double[nb][];
        int[] nbatches = new int[m];
        for (int b = 0; b < nb; b++) {
            Dispersion d = singleBatch(x, batches.get(b), true, p, base);
            means[b] = d.means();
            disp[b] = d.disp();
            norm[b] = d.dispNorm();
            for (int j = 0; j < m; j++) {
                nbatches[j] += d.hv()[j] ? 1 : 0;
            }
        }
        double[] mMean = new double[m];
        double[] mDisp = new double[m];
        double[] mNorm = new double[m];
        for (int j = 0; j < m; j++) {
            mMean[j] = pandasMean(means, j);
            mDisp[j] = pandasMean(disp, j);
            mNorm[j] = pandasMean(norm, j);
        }
        boolean[] hv = new boolean[m];
        boolean[] intersection = new boolean[m];
        for (int j = 0; j < m; j++) {
            intersection[j] = nbatches[j] == nb;
        }
        if (p.nTopGenes() != null) {
            List<String> names = adata.varNames();
            Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
            // pandas: groupby sorts by gene name; then a stable sort by (nbatches desc, norm desc, NaN last).
            Arrays.sort(order, Comparator.comparing(names::get));
            Arrays.sort(order, (a, b) -> {
                int c = Integer.compare(nbatches[b], nbatches[a]);
                return c != 0 ? c : descendingNanLast(mNorm[a], mNorm[b]);
            });
            for (int r = 0; r < Math.min(p.nTopGenes(), m); r++) {
                hv[order[r]] = true;
            }
        } else {
            for (int j = 0; j < m; j++) {
                double dn = Double.isNaN(mNorm[j]) ? 0 : mNorm[j];
                hv[j] = inBounds(p, mMean[j], dn);
            }
        }
        return adata.withVarColumn(BooleanColumn.create("highly_variable", hv))
                .withVarColumn(DoubleColumn.create("means", mMean))
                .withVarColumn(DoubleColumn.create("dispersions", mDisp))
                .withVarColumn(DoubleColumn.create("dispersions_norm", toFloat32(mNorm)))
                .withVarColumn(IntColumn.create("highly_variable_nbatches", nbatches))
                .withVarColumn(BooleanColumn.create("highly_variable_intersection", intersection));
    }

    private static int descendingNanLast(double a, double b) {
        boolean na = Double.isNaN(a);
        boolean nb = Double.isNaN(b);
        if (na || nb) {
            return Boolean.compare(na, nb);
        }
        return Double.compare(b, a) == 0 ? 0 : (b < a ? -1 : 1);
    }

    /** pandas groupby mean over batches: NaN skipped, Kahan-compensated sum. */
    private static double pandasMean(double[][] perBatch, int j) {
        double[] column = new double[perBatch.length];
        for (int b = 0; b < perBatch.length; b++) {
            column[b] = perBatch[b][j];
        }
        return kahanMeanSkipNan(column);
    }

    private static boolean inBounds(Params p, double mean, double dn) {
        return mean > p.minMean() && mean < p.maxMean() && dn > p.minDisp() && dn < p.maxDisp();
    }

    /** scanpy's {@code _highly_variable_genes_single_batch}; full-length results, zeros for filtered genes. */
    private static Dispersion singleBatch(CsrMatrix x, boolean[] rows, boolean filterUnexpressed, Params p, Double base) {
        int m = x.nCols();
        boolean seurat = p.flavor() == Flavor.SEURAT;
        int[] genes = filterUnexpressed ? expressedGenes(x, rows) : IntStream.range(0, m).toArray();
        ColumnStats.FloatOp f = null;
        if (seurat) {
            double lnBase = base == null ? Double.NaN : Math.log(base);
            f = base == null ? v -> (float) Math.expm1(v) : v -> (float) Math.expm1((float) (v * lnBase));
        }
        ColumnStats st = ColumnStats.ofSparse(x, rows, f);
        int g = genes.length;
        double[] mean = new double[g];
        double[] disp = new double[g];
        for (int k = 0; k < g; k++) {
            double mu = st.mean()[genes[k]];
            if (mu == 0) {
                mu = 1e-12;
            }
            double d = st.var()[genes[k]] / mu;
            if (seurat) {
                d = d == 0 ? Double.NaN : Math.log(d);
                mu = Math.log1p(mu);
            }
            mean[k] = mu;
            disp[k] = d;
        }
        int[] bin = seurat ? equalWidthBins(mean, p.nBins()) : percentileBins(mean);
        int nBins = Arrays.stream(bin).max().orElse(-1) + 1;
        double[] avg = new double[nBins];
        double[] dev = new double[nBins];
        for (int b = 0; b < nBins; b++) {
            final int bb = b;
            double[] vals = IntStream.range(0, g).filter(k -> bin[k] == bb).mapToDouble(k -> disp[k]).toArray();
            if (vals.length == 0) {
                continue;
            }
            if (seurat) {
                avg[b] = kahanMeanSkipNan(vals);
                dev[b] = welfordStdSkipNan(vals);
                if (Double.isNaN(dev[b])) { // a single gene in the bin
                    dev[b] = avg[b];
                    avg[b] = 0;
                }
            } else {
                avg[b] = medianSkipNan(vals);
                dev[b] = mad(vals);
            }
        }
        double[] norm = new double[g];
        for (int k = 0; k < g; k++) {
            norm[k] = (disp[k] - avg[bin[k]]) / dev[bin[k]];
        }
        boolean[] hvSub = select(p, mean, norm);
        double[] outMean = new double[m];
        double[] outDisp = new double[m];
        double[] outNorm = new double[m];
        boolean[] outHv = new boolean[m];
        for (int k = 0; k < g; k++) {
            outMean[genes[k]] = mean[k];
            outDisp[genes[k]] = disp[k];
            outNorm[genes[k]] = norm[k];
            outHv[genes[k]] = hvSub[k];
        }
        return new Dispersion(outMean, outDisp, outNorm, outHv);
    }

    private static int[] expressedGenes(CsrMatrix x, boolean[] rows) {
        boolean[] seen = new boolean[x.nCols()];
        for (int i = 0; i < x.nRows(); i++) {
            if (rows != null && !rows[i]) {
                continue;
            }
            float[] d = x.rowData(i);
            int[] idx = x.rowIndices(i);
            int off = x.rowOffset(i);
            int end = off + x.rowLength(i);
            for (int k = off; k < end; k++) {
                if (d[k] > 0) {
                    seen[idx[k]] = true;
                }
            }
        }
        return IntStream.range(0, seen.length).filter(j -> seen[j]).toArray();
    }

    /** scanpy's {@code _subset_genes}. */
    private static boolean[] select(Params p, double[] mean, double[] norm) {
        int g = norm.length;
        boolean[] hv = new boolean[g];
        if (p.nTopGenes() == null) {
            for (int k = 0; k < g; k++) {
                hv[k] = inBounds(p, mean[k], nanToNum(norm[k], 0));
            }
            return hv;
        }
        int n = Math.min(p.nTopGenes(), g);
        double[] finite = Arrays.stream(norm).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0) {
            return hv;
        }
        n = Math.min(n, finite.length);
        double cutoff = finite[finite.length - n];
        for (int k = 0; k < g; k++) {
            hv[k] = nanToNum(norm[k], Double.NEGATIVE_INFINITY) >= cutoff;
        }
        return hv;
    }

    /** numpy's nan_to_num: NaN to {@code nan}, +-inf to +-max double (NaN's replacement is kept even if infinite). */
    private static double nanToNum(double v, double nan) {
        if (Double.isNaN(v)) {
            return nan;
        }
        if (v == Double.POSITIVE_INFINITY) {
            return Double.MAX_VALUE;
        }
        return v == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : v;
    }

    /** {@code pd.cut(means, n_bins)}: equal-width right-closed bins, the first edge lowered by 0.1% of the range. */
    static int[] equalWidthBins(double[] v, int nBins) {
        double mn = Arrays.stream(v).min().orElseThrow();
        double mx = Arrays.stream(v).max().orElseThrow();
        double[] edges;
        if (mn == mx) {
            mn -= mn != 0 ? 0.001 * Math.abs(mn) : 0.001;
            mx += mx != 0 ? 0.001 * Math.abs(mx) : 0.001;
            edges = linspace(mn, mx, nBins + 1);
        } else {
            edges = linspace(mn, mx, nBins + 1);
            edges[0] -= (mx - mn) * 0.001;
        }
        return cut(v, edges);
    }

    /** numpy's linspace: {@code i * step + start}, the last point exactly {@code stop}. */
    private static double[] linspace(double start, double stop, int num) {
        double step = (stop - start) / (num - 1);
        double[] y = new double[num];
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /** cell_ranger bins: edges -inf, the 10..100 (step 5) percentiles, +inf; edges must be unique as in pd.cut. */
    private static int[] percentileBins(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] edges = new double[21];
        edges[0] = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 19; i++) {
            edges[i + 1] = percentile(sorted, (10 + 5 * i) / 100.0);
        }
        edges[20] = Double.POSITIVE_INFINITY;
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw BadInputException.parameter("flavor", "cell_ranger mean bins are not unique (percentile "
                        + (5 + 5 * i) + " equals the one before): too many genes share the same mean",
                        "filter unexpressed genes first (filter_genes min_cells) or use flavor seurat");
            }
        }
        return cut(v, edges);
    }

    /** numpy's default (linear) percentile of sorted values, with its two-sided lerp. */
    static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        double vi = (n - 1) * q;
        double lo = Math.floor(vi);
        double t = vi - lo;
        int a = (int) lo;
        int b = Math.min(a + 1, n - 1);
        double diff = sorted[b] - sorted[a];
        return t >= 0.5 ? sorted[b] - diff * (1 - t) : sorted[a] + diff * t;
    }

    /** Right-closed binning {@code (e[i-1], e[i]]} as pandas' searchsorted(side="left"). */
    private static int[] cut(double[] v, double[] edges) {
        int[] bin = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            int pos = Arrays.binarySearch(edges, v[k]);
            if (pos >= 0) {
                while (pos > 0 && edges[pos - 1] == v[k]) {
                    pos--;
                }
            } else {
                pos = -pos - 1;
            }
            if (pos == 0 || pos == edges.length) {
                throw new IllegalStateException("value " + v[k] + " outside the bins");
            }
            bin[k] = pos - 1;
        }
        return bin;
    }

    /** pandas' mean: NaN skipped, Kahan-compensated sum (a NaN compensation resets to 0, as pandas does). */
    private static double kahanMeanSkipNan(double[] v) {
        double sum = 0;
        double comp = 0;
        int n = 0;
        for (double val : v) {
            if (Double.isNaN(val)) {
                continue;
            }
            n++;
            double y = val - comp;
            double t = sum + y;
            comp = t - sum - y;
            if (Double.isNaN(comp)) {
                comp = 0;
            }
            sum = t;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double welfordStdSkipNan(double[] v) {
        double mean = 0;
        double m2 = 0;
        int n = 0;
        for (double val : v) {
            if (Double.isNaN(val)) {
                continue;
            }
            n++;
            double old = mean;
            mean += (val - old) / n;
            m2 += (val - mean) * (val - old);
        }
        return n > 1 ? Math.sqrt(m2 / (n - 1)) : Double.NaN;
    }

    private static double medianSkipNan(double[] v) {
        return median(Arrays.stream(v).filter(d -> !Double.isNaN(d)).toArray());
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /** statsmodels' mad: median(|a - median(a)| / c); NaN anywhere gives NaN as numpy's median. */
    private static double mad(double[] v) {
        for (double d : v) {
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
        }
        double center = median(v);
        double[] err = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            err[i] = Math.abs(v[i] - center) / MAD_C;
        }
        return median(err);
    }

    private static double[] toFloat32(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- seurat_v3

    private static AnnData seuratV3(AnnData adata, CsrMatrix x, List<boolean[]> batches, Params p) {
        int m = x.nCols();
        int nTop = p.nTopGenes() == null ? 2000 : p.nTopGenes();
        ColumnStats all = ColumnStats.ofSparse(x, null, null);
        int nb = batches.size();
        double[][] normVar = new double[nb][];
        float[][] rank = new float[nb][];
        for (int b = 0; b < nb; b++) {
            normVar[b] = normalizedVariance(x, batches.get(b), p.span());
            rank[b] = ranks(normVar[b]);
        }
        int[] nbatches = new int[m];
        double[] medianRank = new double[m];
        double[] varNorm = new double[m];
        for (int j = 0; j < m; j++) {
            List<Float> inTop = new ArrayList<>();
            double s = 0;
            for (int b = 0; b < nb; b++) {
                if (rank[b][j] < nTop) {
                    nbatches[j]++;
                    inTop.add(rank[b][j]);
                }
                s += normVar[b][j];
            }
            varNorm[j] = s / nb;
            medianRank[j] = floatMedian(inTop);
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> {
            boolean na = Double.isNaN(medianRank[a]);
            boolean nbn = Double.isNaN(medianRank[b]);
            if (na != nbn) {
                return na ? 1 : -1;
            }
            int c = na ? 0 : Double.compare(medianRank[a], medianRank[b]);
            return c != 0 ? c : Integer.compare(nbatches[b], nbatches[a]);
        });
        boolean[] hv = new boolean[m];
        for (int r = 0; r < Math.min(nTop, m); r++) {
            hv[order[r]] = true;
        }
        AnnData out = adata.withVarColumn(BooleanColumn.create("highly_variable", hv))
                .withVarColumn(DoubleColumn.create("highly_variable_rank", medianRank))
                .withVarColumn(DoubleColumn.create("means", all.mean()))
                .withVarColumn(DoubleColumn.create("variances", all.var()))
                .withVarColumn(DoubleColumn.create("variances_norm", varNorm));
        return p.batchKey() == null ? out : out.withVarColumn(IntColumn.create("highly_variable_nbatches", nbatches));
    }

    /** Per-gene variance of the counts standardised by the LOESS-regularised deviation and clipped. */
    private static double[] normalizedVariance(CsrMatrix x, boolean[] rows, double span) {
        int m = x.nCols();
        ColumnStats st = ColumnStats.ofSparse(x, rows, null);
        int n = rows == null ? x.nRows() : (int) IntStream.range(0, rows.length).filter(i -> rows[i]).count();
        int[] nonConst = IntStream.range(0, m).filter(j -> st.var()[j] > 0).toArray();
        double[] lx = new double[nonConst.length];
        double[] ly = new double[nonConst.length];
        for (int k = 0; k < nonConst.length; k++) {
            lx[k] = Math.log10(st.mean()[nonConst[k]]);
            ly[k] = Math.log10(st.var()[nonConst[k]]);
        }
        double[] fitted = Loess.fit(lx, ly, span, 2);
        double[] estimate = new double[m];
        for (int k = 0; k < nonConst.length; k++) {
            estimate[nonConst[k]] = fitted[k];
        }
        double[] regStd = new double[m];
        double[] clip = new double[m];
        double vmax = Math.sqrt(n);
        for (int j = 0; j < m; j++) {
            regStd[j] = Math.sqrt(Math.pow(10, estimate[j]));
            clip[j] = regStd[j] * vmax + st.mean()[j];
        }
        List<double[]> parts = RowChunks.map(x.nRows(), (from, to) -> {
            double[] acc = new double[2 * m];
            for (int i = from; i < to; i++) {
                if (rows != null && !rows[i]) {
                    continue;
                }
                float[] d = x.rowData(i);
                int[] idx = x.rowIndices(i);
                int off = x.rowOffset(i);
                int end = off + x.rowLength(i);
                for (int k = off; k < end; k++) {
                    int j = idx[k];
                    double e = Math.min(d[k], clip[j]);
                    acc[j] += e;
                    acc[m + j] += e * e;
                }
            }
            return acc;
        });
        double[] acc = RowChunks.sumInOrder(parts, 2 * m);
        double[] out = new double[m];
        for (int j = 0; j < m; j++) {
            double mu = st.mean()[j];
            out[j] = (1 / ((n - 1) * (regStd[j] * regStd[j]))) * ((n * (mu * mu)) + acc[m + j] - 2 * acc[j] * mu);
        }
        return out;
    }

    /**
     * 0-based rank by decreasing value, as float32 like scanpy: {@code argsort(argsort(-v))}, with
     * numpy's order among equal values ({@link NumpyArgsort}), which decides which of a block of
     * tied genes at the n_top_genes cut-off are selected.
     */
    private static float[] ranks(double[] v) {
        double[] negated = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            negated[i] = -v[i];
        }
        int[] order = NumpyArgsort.argsort(negated);
        float[] r = new float[v.length];
        for (int k = 0; k < order.length; k++) {
            r[order[k]] = k;
        }
        return r;
    }

    /** np.ma.median of float32 ranks: NaN when empty, the float32 mean of the middle two when even. */
    private static double floatMedian(List<Float> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        float[] s = new float[v.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = v.get(i);
        }
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2f;
    }
}
