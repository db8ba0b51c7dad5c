package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cellbook.core.data.AnnData;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.env.PythonEnv;
import org.cellbook.core.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leiden (CWTS) against scanpy's sc.tl.leiden (leidenalg) on the same connectivities. */
class LeidenParityTest {
    static Path dir;
    static CsrMatrix real;
    static CsrMatrix mixture;

    @BeforeAll
    static void reference() {
        dir = ScanpyReference.get();
        real = ScanpyReference.connectivities(dir, "", ScanpyReference.pca(dir).nRows());
        mixture = ScanpyReference.connectivities(dir, "mix_", ScanpyReference.mixturePca(dir).nRows());
    }

    @Test
    void agreesWithScanpyOnClusteredDataAtResolutions05And1() {
        for (int i = 0; i < 2; i++) {
            double res = ScanpyReference.LEIDEN_RESOLUTIONS[i];
            int[] expected = ScanpyReference.leidenMixture(dir, i);
            int[] actual = Leiden.cluster(mixture, Leiden.Options.defaults().withResolution(res));
            double ari = ClusterAgreement.adjustedRandIndex(expected, actual);
            System.out.printf("Leiden mixture resolution %.2f: ARI %.4f, clusters scanpy %d, ours %d%n", res, ari,
                    max(expected) + 1, max(actual) + 1);
            assertTrue(ari >= 0.9, "ARI " + ari + " at resolution " + res);
        }
    }

    /**
     * On the real sample the graph is weakly structured and leidenalg disagrees with itself across
     * seeds (ARI ~0.6 at resolution 1). The bar: our labels are as close to scanpy's seed 0 as
     * scanpy's other seeds are, within 0.1.
     */
    @Test
    void onRealDataAsCloseToScanpyAsScanpyIsToItself() {
        for (int i = 0; i < 2; i++) {
            double res = ScanpyReference.LEIDEN_RESOLUTIONS[i];
            int[] seed0 = ScanpyReference.leidenReal(dir, i, 0);
            double worstSelf = 1;
            for (int s = 1; s < ScanpyReference.REAL_SEEDS; s++) {
                worstSelf = Math.min(worstSelf, ClusterAgreement.adjustedRandIndex(seed0, ScanpyReference.leidenReal(dir, i, s)));
            }
            int[] ours = Leiden.cluster(real, Leiden.Options.defaults().withResolution(res));
            double ari = ClusterAgreement.adjustedRandIndex(seed0, ours);
            System.out.printf("Leiden real resolution %.2f: ARI vs scanpy %.4f, scanpy seed-to-seed worst %.4f, clusters %d vs %d%n",
                    res, ari, worstSelf, max(seed0) + 1, max(ours) + 1);
            assertTrue(ari >= worstSelf - 0.1, "ARI " + ari + " vs scanpy's own " + worstSelf + " at resolution " + res);
        }
    }

    private static final String QUALITY = """
            import sys, numpy as np, scipy.sparse as sp, leidenalg
            from scanpy import _utils
            ref, ours, res, seeds = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
            i = sys.argv[5]
            ip, ix, dt = (np.load(f'{ref}/conn_{k}.npy') for k in ('indptr', 'indices', 'data'))
            c = sp.csr_matrix((dt, ix, ip), shape=(len(ip) - 1, len(ip) - 1))
            # the graph and partition type sc.tl.leiden (flavor leidenalg) optimises
            g = _utils.get_igraph_from_adjacency(c, directed=True)
            w = np.array(g.es['weight']).astype(np.float64)
            q = lambda l: leidenalg.RBConfigurationVertexPartition(g, initial_membership=[int(v) for v in l],
                                                                   weights=w, resolution_parameter=res).quality()
            # ours first, then scanpy's seeds 0..seeds-1
            print(' '.join(repr(v) for v in [q(np.load(ours))] + [q(np.load(f'{ref}/leiden_real_{i}_{s}.npy')) for s in range(seeds)]))
            """;

    /**
     * Why ARI alone cannot reach 0.9 on the real sample: the partitions are different local optima
     * of the same objective. Scored with leidenalg's own {@code RBConfigurationVertexPartition}
     * quality on the directed graph scanpy builds, ours must be at least as good as scanpy's worst
     * seed; a different quality function, resolution scale or edge weighting would score lower.
     */
    @Test
    void onRealDataOurPartitionsScoreAsHighAsScanpysUnderLeidenalgsQuality(@TempDir Path tmp) {
        for (int i = 0; i < 2; i++) {
            double res = ScanpyReference.LEIDEN_RESOLUTIONS[i];
            int[] ours = Leiden.cluster(real, Leiden.Options.defaults().withResolution(res));
            Path file = tmp.resolve("ours_" + i + ".npy");
            Npy.writeInts(file, ours, ours.length);
            String out = PythonEnv.project().runScript(QUALITY, dir.toString(), file.toString(), String.valueOf(res),
                    String.valueOf(ScanpyReference.REAL_SEEDS), String.valueOf(i)).orThrow("leidenalg quality").stdout();
            double[] q = Arrays.stream(out.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(1 + ScanpyReference.REAL_SEEDS, q.length, out);
            double mine = q[0];
            double worst = Arrays.stream(q, 1, q.length).min().orElseThrow();
            System.out.printf("Leiden real resolution %.2f: leidenalg quality ours %.2f, scanpy seeds %s%n", res, mine,
                    Arrays.toString(Arrays.copyOfRange(q, 1, q.length)));
            assertTrue(mine >= worst, "quality " + mine + " below scanpy's worst seed " + worst + " at resolution " + res);
        }
    }

    /**
     * "Cluster counts across the sweep within 10%", read per resolution and relative to scanpy's
     * count: |ours − scanpy| ≤ 0.1 · scanpy at every one of the 26 resolutions.
     */
    @Test
    void sweepClusterCountsWithin10PercentOfScanpy() {
        double[] res = LeidenSweep.defaultResolutions();
        int[][] labels = LeidenSweep.run(mixture, res, Leiden.Options.defaults(), 2);
        int[] counts = LeidenSweep.clusterCounts(labels);
        int off = 0;
        StringBuilder report = new StringBuilder();
        for (int r = 0; r < res.length; r++) {
            int expected = max(ScanpyReference.leidenMixture(dir, 2 + r)) + 1;
            report.append(String.format("%.2f: %d vs %d%n", res[r], expected, counts[r]));
            if (Math.abs(counts[r] - expected) > 0.1 * expected) {
                off++;
            }
        }
        System.out.print(report);
        assertEquals(0, off, "resolutions with cluster counts off by more than 10% (scanpy vs ours):\n" + report);
    }

    @Test
    void parallelSweepEqualsSequentialRuns() {
        double[] res = LeidenSweep.defaultResolutions();
        int[][] parallel = LeidenSweep.run(real, res, Leiden.Options.defaults().withSeed(7), 3);
        for (int r = 0; r < res.length; r++) {
            assertArrayEquals(Leiden.cluster(real, Leiden.Options.defaults().withSeed(7).withResolution(res[r])), parallel[r],
                    "resolution " + res[r]);
        }
    }

    @Test
    void annDataAtManyResolutionsEqualsOneCallPerResolution() {
        int n = real.nRows();
        List<String> names = java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
        AnnData a = AnnData.builder(CsrMatrix.of(n, 1, new long[n + 1], new int[0], new float[0]), names, List.of("g")).build()
                .withObsp("connectivities", real);
        Leiden.Options o = Leiden.Options.defaults().withSeed(3);
        double[] res = {0.5, 1.0, 1.3};
        AnnData together = Leiden.leiden(a, o, res, r -> "leiden_" + r, 3);
        AnnData oneByOne = a;
        for (double r : res) {
            oneByOne = Leiden.leiden(oneByOne, o.withResolution(r), "leiden_" + r);
        }
        assertEquals(oneByOne.obs().columnNames(), together.obs().columnNames());
        for (double r : res) {
            String key = "leiden_" + r;
            assertEquals(oneByOne.obs().stringColumn(key).asList(), together.obs().stringColumn(key).asList(), key);
            assertEquals(oneByOne.uns().get(key), together.uns().get(key), key);
        }
        assertEquals(Map.of("params", Map.of("resolution", 1.3, "random_state", 3L, "n_iterations", -1)), together.uns().get("leiden_1.3"));
    }

    @Test
    void labelsAreNumberedBySizeLargestFirst() {
        int[] labels = Leiden.cluster(real, Leiden.Options.defaults());
        int[] size = new int[max(labels) + 1];
        for (int l : labels) {
            size[l]++;
        }
        for (int c = 1; c < size.length; c++) {
            assertTrue(size[c] <= size[c - 1], "cluster " + c + " larger than " + (c - 1));
            assertTrue(size[c] > 0);
        }
        assertArrayEquals(new int[] {0, 0, 1, 2, 1}, Leiden.bySizeDescending(new int[] {5, 5, 2, 9, 2}));
    }

    static int max(int[] a) {
        int m = -1;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
