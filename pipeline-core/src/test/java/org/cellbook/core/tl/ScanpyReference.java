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
    static final double[] LEIDEN_RESOLUTIONS = {0.5, 1.0};

    private static final String SCRIPT = """
            import sys, warnings, numpy as np, scanpy as sc
            warnings.filterwarnings('ignore')
            data, out, sweep = sys.argv[1], sys.argv[2], [float(r) for r in sys.argv[3].split(',') if r]
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
            c = a.obsp['connectivities'].tocsr(); c.sort_indices()
            np.save(out + '/conn_indptr.npy', c.indptr.astype(np.int64))
            np.save(out + '/conn_indices.npy', c.indices.astype(np.int64))
            np.save(out + '/conn_data.npy', c.data.astype(np.float32))
            for i, r in enumerate(sweep):
                sc.tl.leiden(a, resolution=r, random_state=0, key_added='l')
                np.save(out + f'/leiden_{i}.npy', a.obs['l'].astype(int).to_numpy().astype(np.int64))
            """;

    private ScanpyReference() {
    }

    static void write(Path dir, double[] sweep) {
        StringBuilder s = new StringBuilder();
        for (double r : sweep) {
            s.append(s.isEmpty() ? "" : ",").append(r);
        }
        Path data = Project.sharedRealData().resolve("scanpy-10x/3.0.0/filtered_feature_bc_matrix");
        PythonEnv.project().runScript(SCRIPT, data.toString(), dir.toString(), s.toString()).orThrow("scanpy reference");
    }

    static DenseMatrix pca(Path dir) {
        Npy.Array a = Npy.read(dir.resolve("pca.npy"));
        return new DenseMatrix(a.rows(), a.cols(), a.asFloats());
    }

    static CsrMatrix connectivities(Path dir, int n) {
        return CsrMatrix.of(n, n, Npy.read(dir.resolve("conn_indptr.npy")).asInts(),
                Npy.read(dir.resolve("conn_indices.npy")).asInts(), Npy.read(dir.resolve("conn_data.npy")).asFloats());
    }

    static int[] leiden(Path dir, int i) {
        return Npy.read(dir.resolve("leiden_" + i + ".npy")).asInts();
    }
}
