package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.cellbook.core.BadInputException;
import org.cellbook.core.data.CsrMatrix;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;

/** The parallel UMAP schedule: the same bytes on any thread count, and layouts as good as the sequential order's. */
class UmapScheduleTest {
    private static final int K = 15;
    private static final int SEEDS = 3;

    @Test
    void parallelLayoutIsTheSameOnOneTwoAndThreeThreadsAndAcrossRuns() {
        DenseMatrix pcs = Mixtures.pcaLike(1500, 20, 5, 6.0, 3, null);
        CsrMatrix g = Neighbors.compute(pcs, Neighbors.Options.defaults()).connectivities();
        Umap.Options o = new Umap.Options(0.5, 1.0, 100, 5, 7).withSchedule(Umap.Schedule.PARALLEL);
        float[] one = Umap.embed(g, pcs, o.withThreads(1)).data();
        assertArrayEquals(one, Umap.embed(g, pcs, o.withThreads(2)).data(), "1 vs 2 threads");
        assertArrayEquals(one, Umap.embed(g, pcs, o.withThreads(3)).data(), "1 vs 3 threads");
        assertArrayEquals(one, Umap.embed(g, pcs, o.withThreads(2)).data(), "a second run on 2 threads");
        assertTrue(UmapBlocks.blockCount(1500) > 3, "more blocks than threads, so the threads interleave");
        assertFalse(Arrays.equals(one, Umap.embed(g, pcs, o.withSeed(8).withThreads(2)).data()), "the seed matters");
        assertFalse(Arrays.equals(one, Umap.embed(g, pcs, o.withSchedule(Umap.Schedule.SEQUENTIAL)).data()),
                "a different schedule");
    }

    @Test
    void sequentialLayoutIgnoresTheThreadCount() {
        DenseMatrix pcs = Mixtures.pcaLike(600, 10, 3, 6.0, 4, null);
        CsrMatrix g = Neighbors.compute(pcs, Neighbors.Options.defaults()).connectivities();
        Umap.Options o = new Umap.Options(0.5, 1.0, 50, 5, 1);
        assertArrayEquals(Umap.embed(g, pcs, o).data(), Umap.embed(g, pcs, o.withThreads(2)).data());
    }

    @Test
    void parallelLayoutKeepsNeighbourhoodsOnRealDataAsWellAsTheSequentialOrder() {
        DenseMatrix pcs = ScanpyReference.pca(ScanpyReference.get());
        CsrMatrix g = Neighbors.compute(pcs, Neighbors.Options.defaults()).connectivities();
        double seq = meanPreservation(g, pcs, Umap.Schedule.SEQUENTIAL);
        double par = meanPreservation(g, pcs, Umap.Schedule.PARALLEL);
        System.out.printf("kNN preservation (k=%d, %d cells, mean of %d seeds): sequential %.4f, parallel %.4f%n", K,
                pcs.nRows(), SEEDS, seq, par);
        assertTrue(seq > 10.0 * K / pcs.nRows(), "the sequential layout is far better than random: " + seq);
        assertTrue(par >= 0.95 * seq, "parallel " + par + " vs sequential " + seq);
    }

    @Test
    void preservationIsHighForTheLayoutOfTheGraphsOwnPointsAndLowForAShuffledLayout() {
        DenseMatrix pts = Mixtures.pcaLike(400, 2, 4, 6.0, 5, null);
        CsrMatrix g = Neighbors.compute(pts, Neighbors.Options.defaults()).connectivities();
        double self = KnnPreservation.of(g, pts, K, 1);
        // Not 1: a row's strongest connectivities include reverse edges, not only its own nearest points.
        assertTrue(self > 0.8, "a layout that is its own PCA space keeps most of the graph: " + self);
        float[] shuffled = pts.data().clone();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 399; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            for (int c = 0; c < 2; c++) {
                float t = shuffled[2 * i + c];
                shuffled[2 * i + c] = shuffled[2 * j + c];
                shuffled[2 * j + c] = t;
            }
        }
        double random = KnnPreservation.of(g, new DenseMatrix(400, 2, shuffled), K, 1);
        assertTrue(random < 0.2, "shuffled: " + random);
    }

    @Test
    void badOptionsAreRejectedWithTheParameterName() {
        BadInputException t = assertThrows(BadInputException.class, () -> Umap.Options.defaults().withThreads(0));
        assertTrue(t.getMessage().contains("threads"), t.getMessage());
        BadInputException s = assertThrows(BadInputException.class, () -> Umap.Options.defaults().withSchedule(null));
        assertTrue(s.getMessage().contains("schedule"), s.getMessage());
        BadInputException r = assertThrows(BadInputException.class, () -> new Umap.Options(0.5, 1, 0, 0, 0));
        assertTrue(r.getMessage().contains("negative_sample_rate"), r.getMessage());
        BadInputException e = assertThrows(BadInputException.class, () -> new Umap.Options(0.5, 1, -1, 5, 0));
        assertTrue(e.getMessage().contains("n_epochs"), e.getMessage());
        BadInputException k = assertThrows(BadInputException.class,
                () -> KnnPreservation.of(CsrMatrix.of(3, 3, new int[4], new int[0], new float[0]), new DenseMatrix(3, 2, new float[6]), 3, 1));
        assertTrue(k.getMessage().contains("k"), k.getMessage());
        assertEquals(1, UmapBlocks.blockCount(10), "a tiny graph is one block");
    }

    private static double meanPreservation(CsrMatrix g, DenseMatrix pcs, Umap.Schedule schedule) {
        double sum = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Umap.Options o = new Umap.Options(0.5, 1.0, 0, 5, seed).withSchedule(schedule).withThreads(2);
            sum += KnnPreservation.of(g, Umap.embed(g, pcs, o), K, 2);
        }
        return sum / SEEDS;
    }
}
