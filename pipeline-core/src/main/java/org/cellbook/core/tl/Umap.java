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
 * [0, 10] per axis, not scanpy's default spectral initialisation; negative samples come from
 * Java's seeded generator, so the layout is reproducible for a seed but not identical to scanpy's.
 * Compare layouts by neighbourhood preservation ({@link KnnPreservation}), not coordinates.
 *
 * <p>Schedules ({@link Options#schedule()}): {@link Schedule#SEQUENTIAL} (the default of
 * {@link Options#defaults()}) is umap-learn's order with a random_state: one thread, edge after
 * edge, each update seeing all before it. {@link Schedule#PARALLEL} ({@link UmapBlocks}) runs
 * blocks of cells on several threads; it deviates from that order: within each quarter of an
 * epoch, a cell reads the cells of other blocks as they were at the start of that quarter, and
 * moves made to them (umap-learn's {@code move_other}) land at its end; its negative samples
 * come from a stream per (seed, epoch, block); and its SGD step ({@link UmapBlockSgd}) computes
 * an edge's negative samples from the head's position before the edge, with tabulated gradient
 * coefficients, for throughput. Why: the sequential SGD is the largest step of the
 * pipeline and cannot use more than one core. umap-learn itself gives up its order for speed when
 * random_state is None (Hogwild threads, not reproducible); this schedule is reproducible: the
 * same bytes for a seed on any number of threads and runs. On the test and reference graphs its
 * layouts keep the graph's neighbourhoods as well as the sequential order's (UmapScheduleTest,
 * bench/umap). For umap-learn's order, use {@link Schedule#SEQUENTIAL} (in the pipeline config:
 * {@code clustering.umap_schedule: sequential}).
 *
 * <p>Speed: see {@link UmapSgd} (sequential) and {@link UmapBlockSgd} (parallel).
 */
public final class Umap {
    /** The order of the SGD updates within an epoch. */
    public enum Schedule {
        /** umap-learn's order with a random_state: one edge after the other, on one thread. */
        SEQUENTIAL,
        /** Blocks of vertices in parallel ({@link UmapBlocks}): the same layout on any number of threads. */
        PARALLEL
    }

    /**
     * @param nEpochs            0 for umap-learn's default (500 up to 10,000 cells, else 200)
     * @param negativeSampleRate negative samples per positive sample
     * @param seed               seeds the negative samples (umap-learn's random_state)
     * @param schedule           {@link Schedule#SEQUENTIAL} (the default: umap-learn's order) or
     *                           {@link Schedule#PARALLEL} (see the class comment)
     * @param threads            threads of the parallel schedule; the layout does not depend on it
     */
    public record Options(double minDist, double spread, int nEpochs, int negativeSampleRate, long seed, Schedule schedule,
            int threads) {
        public Options {
            if (schedule == null) {
                throw BadInputException.parameter("schedule", "is null", "use sequential or parallel");
            }
            if (threads < 1) {
                throw BadInputException.parameter("threads", "must be at least 1, got " + threads, "leave the default");
            }
            if (negativeSampleRate < 1) {
                throw BadInputException.parameter("negative_sample_rate", "must be at least 1, got " + negativeSampleRate,
                        "umap-learn's default is 5");
            }
            if (nEpochs < 0) {
                throw BadInputException.parameter("n_epochs", "must be 0 (automatic) or positive, got " + nEpochs,
                        "use 0 for umap-learn's default");
            }
        }

        /** Sequential schedule on one thread. */
        public Options(double minDist, double spread, int nEpochs, int negativeSampleRate, long seed) {
            this(minDist, spread, nEpochs, negativeSampleRate, seed, Schedule.SEQUENTIAL, 1);
        }

        public static Options defaults() {
            return new Options(0.5, 1.0, 0, 5, 0, Schedule.SEQUENTIAL, Parallel.defaultThreads());
        }

        public Options withSeed(long s) {
            return new Options(minDist, spread, nEpochs, negativeSampleRate, s, schedule, threads);
        }

        public Options withSchedule(Schedule s) {
            return new Options(minDist, spread, nEpochs, negativeSampleRate, seed, s, threads);
        }

        public Options withThreads(int t) {
            return new Options(minDist, spread, nEpochs, negativeSampleRate, seed, schedule, t);
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
        // Edges (both directions, as graph.tocoo()), without the weak ones. Row slices hoisted:
        // CsrMatrix's accessors look up the row's storage chunk on every call.
        float max = 0;
        for (int i = 0; i < n; i++) {
            float[] data = graph.rowData(i);
            for (int p = graph.rowOffset(i), end = p + graph.rowLength(i); p < end; p++) {
                max = Math.max(max, data[p]);
            }
        }
        float min = max / (float) nEpochs;
        int count = 0;
        for (int i = 0; i < n; i++) {
            float[] data = graph.rowData(i);
            for (int p = graph.rowOffset(i), end = p + graph.rowLength(i); p < end; p++) {
                count += data[p] >= min ? 1 : 0;
            }
        }
        int[] head = new int[count];
        int[] tail = new int[count];
        double[] epochsPerSample = new double[count];
        int e = 0;
        for (int i = 0; i < n; i++) {
            float[] data = graph.rowData(i);
            int[] cols = graph.rowIndices(i);
            for (int p = graph.rowOffset(i), end = p + graph.rowLength(i); p < end; p++) {
                float w = data[p];
                if (w >= min) {
                    head[e] = i;
                    tail[e] = cols[p];
                    epochsPerSample[e++] = (double) max / w;
                }
            }
        }
        float[] y = initialLayout(init, n);
        if (o.schedule() == Schedule.PARALLEL) {
            UmapBlockSgd sgd = new UmapBlockSgd(n, head, tail, epochsPerSample, o.negativeSampleRate(), a, b);
            new UmapBlocks(sgd).run(y, nEpochs, o.seed(), o.threads());
        } else {
            UmapSgd sgd = new UmapSgd(n, head, tail, epochsPerSample, o.negativeSampleRate(), a, b);
            SplittableRandom rng = new SplittableRandom(o.seed());
            for (int epoch = 0; epoch < nEpochs; epoch++) {
                sgd.run(epoch, nEpochs, 0, count, 0, n, y, y, rng, null);
            }
        }
        return new DenseMatrix(n, 2, y);
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
