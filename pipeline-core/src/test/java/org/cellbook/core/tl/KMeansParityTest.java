package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k-means against scikit-learn's KMeans on well-separated blobs. */
class KMeansParityTest {
    @TempDir
    Path dir;

    @Test
    void agreesWithSklearnOnSeparatedBlobs() {
        PythonEnv.project().runScript("""
                import sys, json, numpy as np
                from sklearn.datasets import make_blobs
                from sklearn.cluster import KMeans
                X, _ = make_blobs(n_samples=1500, n_features=12, centers=6, cluster_std=1.5, random_state=3)
                X = X.astype(np.float32)
                km = KMeans(n_clusters=6, n_init=10, random_state=0).fit(X)
                np.save(sys.argv[1] + '/x.npy', X)
                np.save(sys.argv[1] + '/labels.npy', km.labels_.astype(np.int64))
                np.save(sys.argv[1] + '/inertia.npy', np.array([km.inertia_], dtype=np.float64))
                """, dir.toString()).orThrow("sklearn KMeans");
        Npy.Array x = Npy.read(dir.resolve("x.npy"));
        DenseMatrix m = new DenseMatrix(x.rows(), x.cols(), x.asFloats());
        KMeans.Result r = KMeans.fit(m, KMeans.Options.of(6).withNInit(10));
        int[] expected = Npy.read(dir.resolve("labels.npy")).asInts();
        double inertia = Npy.read(dir.resolve("inertia.npy")).asDoubles()[0];
        double ari = ClusterAgreement.adjustedRandIndex(expected, r.labels());
        System.out.printf("k-means: ARI %.4f, inertia %.3f vs sklearn %.3f%n", ari, r.inertia(), inertia);
        assertTrue(ari >= 0.9, "ARI " + ari);
        assertEquals(inertia, r.inertia(), 0.01 * inertia);
    }

    @Test
    void sparseAndDenseInputsGiveTheSameClustering() {
        DenseMatrix dense = Mixtures.pcaLike(400, 8, 4, 6.0, 9, null);
        KMeans.Result a = KMeans.fit(dense, KMeans.Options.of(4).withSeed(5));
        KMeans.Result b = KMeans.fit(CsrMatrix.fromDense(dense), KMeans.Options.of(4).withSeed(5));
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.inertia(), b.inertia(), 1e-6 * a.inertia());
    }

    @Test
    void tooManyClustersIsABadParameter() {
        DenseMatrix x = Mixtures.pcaLike(5, 2, 1, 1.0, 1, null);
        assertEquals("parameter 'k'", assertThrows(BadInputException.class, () -> KMeans.fit(x, KMeans.Options.of(6))).where());
    }
}
