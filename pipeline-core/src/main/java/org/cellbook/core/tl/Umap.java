package org.cellbook.core.tl;

import java.util.SplittableRandom;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;

/**
 * A 2-D UMAP layout of the connectivities graph, following umap-learn's
 * {@code simplicial_set_embedding} / {@code optimize_layout_euclidean} as scanpy's
 * {@code sc.tl.umap} calls it: {@code min_dist=0.5}, {@code spread=1.0} (a, b fitted by least
 * squares as {@code find_ab_params}), 500 epochs up to 10,000 cells else 200, edges weaker than
 * max/n_epochs dropped, one sample per edge every max(w)/w epochs, 5 negative samples, gradients
 * clipped at ±4, learning rate 1 decaying linearly, both ends of an edge moved.
 *
 * <p>Deviations: the initial layout is the given coordinates (e.g. the first two PCs) rescaled to
 * [0, 10] per axis, not scanpy's default spectral initialisation; the epochs run sequentially with
 * Java's seeded generator (umap-learn runs them in parallel with its own generator), so the layout
 * is reproducible for a seed but not identical to scanpy's. Compare layouts by neighbourhood
 * preservation, not coordinates.
 *
 * <p>Speed: the SGD is bound by latency, not arithmetic: each negative sample's move feeds the next
 * sample's distance, so a sample costs its whole dependent chain. The chain is kept short without
 * changing the computation: powers by {@link FastPow} (a few ulps of {@code Math.pow}, ~30% less
 * latency), one power per positive sample (d^b = d^(b-1) d), the head's coordinates in registers,
 * the learning rate folded into numerator and clip bound, and each negative sample's power taken
 * from the previous position by a short series while that power is computed off the chain. These
 * differ from the straightforward formulas by a few double ulps, far below the float32 layout's
 * resolution (on the demo graph the layout is bit-identical to the straightforward loop's).
 */
public final class Umap {
    public record Options(double minDist, double spread, int nEpochs, int negativeSampleRate, long seed) {
        public static Options defaults() {
            return new Options(0.5, 1.0, 0, 5, 0);
        }

        public Options withSeed(long s) {
            return new Options(minDist, spread, nEpochs, negativeSampleRate, s);
        }
    }

    private Umap() {
    }

    /** Layout of {@code obsp['connectivities']} starting from the first two columns of {@code obsm[initKey]}; stored as {@code obsm['X_umap']}. */
    public static AnnData umap(AnnData adata, String initKey, Options o) {
        CsrMatrix g = adata.obsp().get("connectivities");
        if (g == null) {
            throw BadInputException.parameter("obsp", "no 'connectivities' graph", "run Neighbors.neighbors first");
        }
        DenseMatrix init = adata.obsm().get(initKey);
        if (init == null || init.nCols() < 2) {
            throw BadInputException.parameter("init", "obsm['" + initKey + "'] is missing or has fewer than 2 columns",
                    "pass the key of the PCA scores (X_pca)");
        }
        return adata.withObsm("X_umap", embed(g, init, o));
    }

    public static DenseMatrix embed(CsrMatrix graph, DenseMatrix init, Options o) {
        int n = graph.nRows();
        int nEpochs = o.nEpochs() > 0 ? o.nEpochs() : n <= 10_000 ? 500 : 200;
        double[] ab = findAbParams(o.spread(), o.minDist());
        double a = ab[0];
        double b = ab[1];
        // Edges (both directions, as graph.tocoo()), without the weak ones.
        float max = 0;
        for (int i = 0; i < n; i++) {
            for (int p = graph.rowOffset(i); p < graph.rowOffset(i) + graph.rowLength(i); p++) {
                max = Math.max(max, graph.rowData(i)[p]);
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int p = graph.rowOffset(i); p < graph.rowOffset(i) + graph.rowLength(i); p++) {
                count += graph.rowData(i)[p] >= max / (float) nEpochs ? 1 : 0;
            }
        }
        int[] head = new int[count];
        int[] tail = new int[count];
        double[] epochsPerSample = new double[count];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int p = graph.rowOffset(i); p < graph.rowOffset(i) + graph.rowLength(i); p++) {
                float w = graph.rowData(i)[p];
                if (w >= max / (float) nEpochs) {
                    head[e] = i;
                    tail[e] = graph.rowIndices(i)[p];
                    epochsPerSample[e++] = (double) max / w;
                }
            }
        }
        float[] y = initialLayout(init, n);
        double[] nextSample = epochsPerSample.clone();
        double[] perNegative = new double[count];
        double[] nextNegative = new double[count];
        for (int i = 0; i < count; i++) {
            perNegative[i] = epochsPerSample[i] / o.negativeSampleRate();
            nextNegative[i] = perNegative[i];
        }
        SplittableRandom rng = new SplittableRandom(o.seed());
        double twoAB = 2.0 * a * b;
        double twoB = 2.0 * b;
        double bMinus1 = b - 1.0;
        FastPow.NearOne ratio = new FastPow.NearOne(b);
        for (int epoch = 0; epoch < nEpochs; epoch++) {
            double alpha = 1.0 - (double) epoch / nEpochs;
            double twoBAlpha = twoB * alpha;
            double clipBound = 4.0 * alpha; // clip(g, 4) alpha = clip(g alpha, 4 alpha): alpha > 0
            for (int i = 0; i < count; i++) {
                if (nextSample[i] > epoch) {
                    continue;
                }
                int j2 = 2 * head[i];
                int k2 = 2 * tail[i];
                // The head's coordinates stay in registers through its negative samples: each
                // sample's update feeds the next one's distance, so that chain sets the speed.
                float yj0 = y[j2];
                float yj1 = y[j2 + 1];
                double dx = yj0 - y[k2];
                double dy = yj1 - y[k2 + 1];
                double d2 = dx * dx + dy * dy;
                float sx = 0;
                float sy = 0;
                if (d2 > 0) {
                    // -2ab d2^(b-1) / (a d2^b + 1) times the offset, clipped to ±4, times alpha; alpha
                    // folded into numerator and bound to keep the dependent chain short.
                    double pbm1 = FastPow.pow(d2, bMinus1); // d2^b = d2^(b-1) d2: one power, not two
                    double den = a * (pbm1 * d2) + 1.0;
                    double num = -twoAB * alpha * pbm1;
                    sx = (float) clip(num * dx / den, clipBound);
                    sy = (float) clip(num * dy / den, clipBound);
                }
                yj0 += sx;
                yj1 += sy;
                y[k2] -= sx;
                y[k2 + 1] -= sy;
                nextSample[i] += epochsPerSample[i];
                int nNeg = (int) ((epoch - nextNegative[i]) / perNegative[i]);
                // Each negative sample's power also comes from the previous sample's position: x^b =
                // x0^b (x/x0)^b, with x0^b computed off the dependent chain (while the previous sample
                // is being applied) and (x/x0)^b by a short series, as the head moves little per sample.
                int r2 = nNeg > 0 ? 2 * rng.nextInt(n) : 0;
                double specQ2 = 0;
                double specPow = 0;
                double specInv = Double.NaN; // no guess for the first sample: the full power
                for (int s = 0; s < nNeg; s++) {
                    int next2 = 0;
                    double nextQ2 = 0;
                    double nextPow = 0;
                    double nextInv = Double.NaN;
                    if (s + 1 < nNeg) {
                        next2 = 2 * rng.nextInt(n);
                        double fx = yj0 - y[next2];
                        double fy = yj1 - y[next2 + 1];
                        nextQ2 = fx * fx + fy * fy;
                        if (nextQ2 > 0) {
                            nextPow = FastPow.pow(nextQ2, b);
                            nextInv = 1.0 / nextQ2;
                        }
                    }
                    if (r2 != j2) { // else zero distance: no move (the head's own slot in y is stale here)
                        double ex = yj0 - y[r2];
                        double ey = yj1 - y[r2 + 1];
                        double q2 = ex * ex + ey * ey;
                        if (q2 > 0) {
                            double eps = (q2 - specQ2) * specInv;
                            double pow = Math.abs(eps) <= ratio.maxEps() ? specPow * ratio.of(eps) : FastPow.pow(q2, b);
                            double den = (0.001 + q2) * (a * pow + 1);
                            yj0 += (float) clip(twoBAlpha * ex / den, clipBound);
                            yj1 += (float) clip(twoBAlpha * ey / den, clipBound);
                        }
                    }
                    r2 = next2;
                    specQ2 = nextQ2;
                    specPow = nextPow;
                    specInv = nextInv;
                }
                y[j2] = yj0;
                y[j2 + 1] = yj1;
                nextNegative[i] += nNeg * perNegative[i];
            }
        }
        return new DenseMatrix(n, 2, y);
    }

    /** umap-learn's gradient clip (at ±4), scaled by the learning rate: {@code bound} = 4 alpha. */
    private static double clip(double v, double bound) {
        return v > bound ? bound : v < -bound ? -bound : v;
    }

    /** First two columns rescaled to [0, 10] per axis, as umap-learn does with a given init. */
    private static float[] initialLayout(DenseMatrix init, int n) {
        if (init.nRows() != n) {
            throw BadInputException.parameter("init", init.nRows() + " rows for a graph of " + n + " cells", "pass per-cell coordinates");
        }
        float[] y = new float[2 * n];
        for (int c = 0; c < 2; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, init.get(i, c));
                hi = Math.max(hi, init.get(i, c));
            }
            double span = hi > lo ? hi - lo : 1;
            for (int i = 0; i < n; i++) {
                y[2 * i + c] = (float) (10.0 * (init.get(i, c) - lo) / span);
            }
        }
        return y;
    }

    /**
     * umap-learn's {@code find_ab_params}: least-squares fit of 1 / (1 + a x^(2b)) to 1 below
     * min_dist and exp(-(x - min_dist) / spread) above, on 300 points of [0, 3 spread]
     * (Levenberg-Marquardt from a = b = 1, like scipy's curve_fit).
     */
    public static double[] findAbParams(double spread, double minDist) {
        int m = 300;
        double[] x = new double[m];
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = spread * 3 * i / (m - 1);
            t[i] = x[i] < minDist ? 1.0 : Math.exp(-(x[i] - minDist) / spread);
        }
        double a = 1;
        double b = 1;
        double lambda = 1e-3;
        double cost = cost(x, t, a, b);
        for (int it = 0; it < 500; it++) {
            double jaa = 0;
            double jab = 0;
            double jbb = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < m; i++) {
                if (x[i] == 0) {
                    continue; // f(0) = 1 whatever a and b: no gradient
                }
                double p = Math.pow(x[i], 2 * b);
                double den = 1 + a * p;
                double f = 1 / den;
                double r = f - t[i];
                double da = -p / (den * den);
                double db = -a * p * 2 * Math.log(x[i]) / (den * den);
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            double haa = jaa * (1 + lambda);
            double hbb = jbb * (1 + lambda);
            double det = haa * hbb - jab * jab;
            double stepA = -(hbb * ga - jab * gb) / det;
            double stepB = -(haa * gb - jab * ga) / det;
            double na = a + stepA;
            double nb = b + stepB;
            double nc = cost(x, t, na, nb);
            if (nc < cost) {
                boolean done = Math.abs(cost - nc) <= 1e-15 * Math.max(1, cost);
                a = na;
                b = nb;
                cost = nc;
                lambda /= 10;
                if (done) {
                    break;
                }
            } else {
                lambda *= 10;
                if (lambda > 1e12) {
                    break;
                }
            }
        }
        return new double[] {a, b};
    }

    private static double cost(double[] x, double[] t, double a, double b) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double f = x[i] == 0 ? 1.0 : 1 / (1 + a * Math.pow(x[i], 2 * b));
            s += (f - t[i]) * (f - t[i]);
        }
        return s;
    }
}
