package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cellbook.core.data.DenseMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UmapTest {
    @TempDir
    Path dir;

    @Test
    void abParametersMatchUmapLearn() {
        PythonEnv.project().runScript("""
                import sys, numpy as np
                from scipy.optimize import curve_fit
                # umap.umap_.find_ab_params, restated: importing umap compiles numba code for ~30 s.
                def find_ab_params(spread, min_dist):
                    curve = lambda x, a, b: 1.0 / (1.0 + a * x ** (2 * b))
                    xv = np.linspace(0, spread * 3, 300)
                    yv = np.zeros(xv.shape)
                    yv[xv < min_dist] = 1.0
                    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
                    params, _ = curve_fit(curve, xv, yv)
                    return params[0], params[1]
                out = [find_ab_params(1.0, 0.5), find_ab_params(1.0, 0.1), find_ab_params(2.0, 0.3)]
                np.save(sys.argv[1], np.array(out, dtype=np.float64))
                """, dir.resolve("ab.npy").toString()).orThrow("find_ab_params");
        double[] ref = Npy.read(dir.resolve("ab.npy")).asDoubles();
        double[][] ours = {Umap.findAbParams(1.0, 0.5), Umap.findAbParams(1.0, 0.1), Umap.findAbParams(2.0, 0.3)};
        for (int i = 0; i < 3; i++) {
            assertEquals(ref[2 * i], ours[i][0], 1e-3 * ref[2 * i], "a of case " + i);
            assertEquals(ref[2 * i + 1], ours[i][1], 1e-3 * ref[2 * i + 1], "b of case " + i);
        }
    }

    @Test
    void layoutKeepsClustersApartAndIsReproducible() {
        int[] truth = new int[1500];
        DenseMatrix pcs = Mixtures.pcaLike(1500, 20, 5, 6.0, 8, truth);
        Neighbors.Result nb = Neighbors.compute(pcs, Neighbors.Options.defaults());
        Umap.Options o = new Umap.Options(0.5, 1.0, 200, 5, 1);
        DenseMatrix y = Umap.embed(nb.connectivities(), pcs, o);
        assertArrayEquals(y.data(), Umap.embed(nb.connectivities(), pcs, o).data(), "same seed, same layout");
        KMeans.Result km = KMeans.fit(y, KMeans.Options.of(5).withNInit(5));
        double ari = ClusterAgreement.adjustedRandIndex(truth, km.labels());
        assertTrue(ari >= 0.9, "clusters separated in the layout: ARI " + ari);
    }
}
