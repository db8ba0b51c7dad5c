package org.cellbook.core.tl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;

/**
 * kNN graph and UMAP connectivities of cells, scanpy's {@code sc.pp.neighbors} with its defaults
 * ({@code n_neighbors=15} counting the cell itself, euclidean, {@code method='umap'}).
 *
 * <p>Search: exact ({@link ExactKnn}, scikit-learn brute force semantics) below
 * {@code exactBelow} cells (default 8,192, scanpy's switch to pynndescent for euclidean), else
 * approximate ({@link NnDescent}, seeded). Either can be forced. Connectivities:
 * {@link FuzzyConnectivities}. As in scanpy, when {@code n_neighbors} exceeds the number of cells it
 * becomes {@code 1 + n/2}.
 *
 * <p>Stored like scanpy: {@code obsp['distances']}, {@code obsp['connectivities']} and
 * {@code uns['neighbors']} = {connectivities_key, distances_key, params {n_neighbors, method,
 * metric, use_rep, knn (exact|nndescent), random_state}}. Deviation: distances are float32
 * (scanpy keeps float64 from scikit-learn; connectivities are float32 in both).
 */
public final class Neighbors {
    /** How to search. */
    public enum Method { AUTO, EXACT, APPROXIMATE }

    public record Options(int nNeighbors, String useRep, Method method, int exactBelow, long seed, int threads) {
        public static Options defaults() {
            return new Options(15, "X_pca", Method.AUTO, 8192, 0, Parallel.defaultThreads());
        }

        public Options withNNeighbors(int k) {
            return new Options(k, useRep, method, exactBelow, seed, threads);
        }

        public Options withMethod(Method m) {
            return new Options(nNeighbors, useRep, m, exactBelow, seed, threads);
        }

        public Options withSeed(long s) {
            return new Options(nNeighbors, useRep, method, exactBelow, s, threads);
        }

        public Options withThreads(int t) {
            return new Options(nNeighbors, useRep, method, exactBelow, seed, t);
        }

        public Options withUseRep(String key) {
            return new Options(nNeighbors, key, method, exactBelow, seed, threads);
        }
    }

    /** The graph and its two sparse forms. */
    public record Result(KnnGraph knn, CsrMatrix distances, CsrMatrix connectivities, boolean exact) {
    }

    private Neighbors() {
    }

    /** Neighbours of the rows of {@code rep} (e.g. PCA scores). */
    public static Result compute(DenseMatrix rep, Options o) {
        int n = rep.nRows();
        if (o.nNeighbors() < 2) {
            throw BadInputException.parameter("n_neighbors", "must be at least 2 (it counts the cell itself), got " + o.nNeighbors(),
                    "use the default 15");
        }
        if (n < 2) {
            throw BadInputException.parameter("use_rep", "needs at least 2 cells, got " + n, "check the cell filtering");
        }
        if (o.threads() < 1) {
            throw BadInputException.parameter("threads", "must be at least 1, got " + o.threads(), "leave the default");
        }
        float[] v = rep.data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw BadInputException.parameter("use_rep", "value " + v[i] + " in row " + (i / rep.nCols()) + ", column "
                        + (i % rep.nCols()) + " is not finite", "remove NaN/infinite values before computing neighbours");
            }
        }
        int k = o.nNeighbors() > n ? 1 + n / 2 : o.nNeighbors();
        boolean exact = switch (o.method()) {
            case EXACT -> true;
            case APPROXIMATE -> false;
            case AUTO -> n < o.exactBelow();
        };
        KnnGraph knn = exact ? ExactKnn.search(rep, k, o.threads()) : NnDescent.search(rep, k, o.seed(), o.threads());
        return new Result(knn, knn.distanceMatrix(), FuzzyConnectivities.compute(knn), exact);
    }

    /** Computes on {@code obsm[useRep]} and stores the result as scanpy does. */
    public static AnnData neighbors(AnnData adata, Options o) {
        DenseMatrix rep = adata.obsm().get(o.useRep());
        if (rep == null) {
            throw BadInputException.parameter("use_rep", "obsm has no '" + o.useRep() + "' (it has " + adata.obsm().keySet() + ")",
                    "run PCA first or name an existing representation");
        }
        Result r = compute(rep, o);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n_neighbors", r.knn().k());
        params.put("method", "umap");
        params.put("metric", "euclidean");
        params.put("use_rep", o.useRep());
        params.put("knn", r.exact() ? "exact" : "nndescent");
        params.put("random_state", o.seed());
        Map<String, Object> uns = new LinkedHashMap<>();
        uns.put("connectivities_key", "connectivities");
        uns.put("distances_key", "distances");
        uns.put("params", params);
        return adata.toBuilder()
                .obsp("distances", r.distances())
                .obsp("connectivities", r.connectivities())
                .uns("neighbors", uns)
                .build();
    }
}
