package org.cellbook.core.tl;

import java.nio.file.Path;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.Project;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;

/**
 * Runs scanpy on the real 10x v3 sample (standard preprocessing, 50 PCs) and writes its PCs,
 * exact kNN (scanpy's sklearn path), connectivities and Leiden labels as .npy files.
 */
final class ScanpyReference {
    /** Leiden runs in the reference: 0.5 and 1.0, then the default sweep. */
    static final double[] LEIDEN_RESOLUTIONS = leidenResolutions();

    private static Path cached;

    private static double[] leidenResolutions() {
        double[] sweep = LeidenSweep.defaultResolutions();
        double[] all = new double[2 + sweep.length];
        all[0] = 0.5;
        all[1] = 1.0;
        System.arraycopy(sweep, 0, all, 2, sweep.length);
        return all;
    }

    /**
     * The reference, computed once per test JVM (scanpy's numba compilation takes most of the
     * time) into a temporary directory removed at exit.
     */
    static synchronized Path get() {
        if (cached == null) {
            try {
                Path dir = java.nio.file.Files.createTempDirectory("cellbook-scanpy-ref");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                write(dir, LEIDEN_RESOLUTIONS);
                cached = dir;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return cached;
    }

    private static void deleteTree(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort at exit
        }
    }

    /** Seeds of the scanpy runs on real data, to measure how much leidenalg disagrees with itself. */
    static final int REAL_SEEDS = 4;

    private static final String SCRIPT = """
            import sys, warnings, numpy as np, scanpy as sc, anndata as ad
            warnings.filterwarnings('ignore')
            data, out, sweep = sys.argv[1], sys.argv[2], [float(r) for r in sys.argv[3].split(',') if r]
            n_seeds = int(sys.argv[4])
            def save_graph(a, prefix):
                c = a.obsp['connectivities'].tocsr(); c.sort_indices()
                np.save(f'{out}/{prefix}conn_indptr.npy', c.indptr.astype(np.int64))
                np.save(f'{out}/{prefix}conn_indices.npy', c.indices.astype(np.int64))
                np.save(f'{out}/{prefix}conn_data.npy', c.data.astype(np.float32))
            a = sc.read_10x_mtx(data)
            # The sample is tiny (~22 genes per cell): the usual min_genes=200 would drop every cell.
            sc.pp.filter_cells(a, min_genes=5); sc.pp.filter_genes(a, min_cells=3)
            sc.pp.normalize_total(a, target_sum=1e4); sc.pp.log1p(a)
            sc.pp.scale(a, max_value=10); sc.tl.pca(a, n_comps=50)
            X = np.ascontiguousarray(a.obsm['X_pca'], dtype=np.float32)
            np.save(out + '/pca.npy', X)
            sc.pp.neighbors(a, n_neighbors=15, use_rep='X_pca', transformer='sklearn')
            # the kNN scanpy computed, recovered the way scanpy does (self column first)
            from sklearn.neighbors import KNeighborsTransformer
            from scanpy.neighbors._common import _get_indices_distances_from_sparse_matrix
            d = KNeighborsTransformer(algorithm='brute', n_neighbors=15, metric='euclidean').fit_transform(X)
            idx, dist = _get_indices_distances_from_sparse_matrix(d, 15)
            np.save(out + '/knn_idx.npy', idx.astype(np.int64)); np.save(out + '/knn_dist.npy', dist.astype(np.float64))
            save_graph(a, '')
            for i, r in enumerate((0.5, 1.0)):
                for s in range(n_seeds):
                    sc.tl.leiden(a, resolution=r, random_state=s, key_added='l')
                    np.save(f'{out}/leiden_real_{i}_{s}.npy', a.obs['l'].astype(int).to_numpy().astype(np.int64))
            # A mixture with clear but overlapping clusters, where leidenalg agrees with itself across seeds.
            rng = np.random.default_rng(0)
            n, dim, k = 2000, 30, 12
            centres = rng.normal(size=(k, dim)) * 3.0 / (1 + np.arange(dim) / 3.0)
            lab = rng.choice(k, size=n, p=rng.dirichlet(np.full(k, 3.0)))
            Xm = (centres[lab] + rng.normal(size=(n, dim)) * 1.5 / (1 + np.arange(dim) / 10.0)).astype(np.float32)
            m = ad.AnnData(np.zeros((n, 1), dtype=np.float32)); m.obsm['X_pca'] = Xm
            np.save(out + '/mix_pca.npy', Xm)
            sc.pp.neighbors(m, n_neighbors=15, use_rep='X_pca', transformer='sklearn')
            save_graph(m, 'mix_')
            for i, r in enumerate(sweep):
                sc.tl.leiden(m, resolution=r, random_state=0, key_added='l')
                np.save(f'{out}/leiden_mix_{i}.npy', m.obs['l'].astype(int).to_numpy().astype(np.int64))
            """;

    private ScanpyReference() {
    }

    static void write(Path dir, double[] sweep) {
        StringBuilder s = new StringBuilder();
        for (double r : sweep) {
            s.append(s.isEmpty() ? "" : ",").append(r);
        }
        Path data = Project.sharedRealData().resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix");
        PythonEnv.project().runScript(SCRIPT, data.toString(), dir.toString(), s.toString(), String.valueOf(REAL_SEEDS))
                .orThrow("scanpy reference");
    }

    static DenseMatrix pca(Path dir) {
        Npy.Array a = Npy.read(dir.resolve("pca.npy"));
        return new DenseMatrix(a.rows(), a.cols(), a.asFloats());
    }

    /** scanpy's connectivities of the real data ({@code prefix} "") or of the mixture ("mix_"). */
    static CsrMatrix connectivities(Path dir, String prefix, int n) {
        return CsrMatrix.of(n, n, Npy.read(dir.resolve(prefix + "conn_indptr.npy")).asInts(),
                Npy.read(dir.resolve(prefix + "conn_indices.npy")).asInts(), Npy.read(dir.resolve(prefix + "conn_data.npy")).asFloats());
    }

    static DenseMatrix mixturePca(Path dir) {
        Npy.Array a = Npy.read(dir.resolve("mix_pca.npy"));
        return new DenseMatrix(a.rows(), a.cols(), a.asFloats());
    }

    /** scanpy's Leiden on the real data at resolution index i (0.5, 1.0) with random_state seed. */
    static int[] leidenReal(Path dir, int i, int seed) {
        return Npy.read(dir.resolve("leiden_real_" + i + "_" + seed + ".npy")).asInts();
    }

    /** scanpy's Leiden on the mixture at {@link #LEIDEN_RESOLUTIONS}[i], random_state 0. */
    static int[] leidenMixture(Path dir, int i) {
        return Npy.read(dir.resolve("leiden_mix_" + i + ".npy")).asInts();
    }
}
