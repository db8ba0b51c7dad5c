package org.cellbook.core.tl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;
import org.junit.jupiter.api.Test;

class NnDescentTest {
    @Test
    void recallAgainstExactIsAtLeast95PercentOn20000x50() {
        DenseMatrix x = Mixtures.pcaLike(20_000, 50, 15, 4.0, 11, null);
        long t0 = System.nanoTime();
        KnnGraph approx = NnDescent.search(x, 15, 0, 2);
        long t1 = System.nanoTime();
        double recall = recall(x, approx, 500, 5);
        System.out.printf("NN-descent 20000x50: %.2f s, recall %.4f%n", (t1 - t0) / 1e9, recall);
        assertTrue(recall >= 0.95, "recall " + recall);
    }

    @Test
    void sameResultForEveryThreadCountAndSeedMatters() {
        DenseMatrix x = Mixtures.pcaLike(3_000, 20, 8, 4.0, 3, null);
        KnnGraph one = NnDescent.search(x, 15, 42, 1);
        KnnGraph two = NnDescent.search(x, 15, 42, 2);
        KnnGraph three = NnDescent.search(x, 15, 42, 3);
        assertArrayEquals(one.indices(), two.indices());
        assertArrayEquals(one.indices(), three.indices());
        assertArrayEquals(one.distances(), three.distances());
        for (int i = 0; i < x.nRows(); i++) {
            assertEquals(i, one.index(i, 0));
            assertEquals(0f, one.distance(i, 0));
            for (int j = 2; j < 15; j++) {
                assertTrue(one.distance(i, j) >= one.distance(i, j - 1));
            }
        }
    }

    @Test
    void concurrentJoinGivesTheSameGraphAsOneThread() {
        // many threads on one larger graph: offers to the same list from several threads
        DenseMatrix x = Mixtures.pcaLike(12_000, 16, 10, 4.0, 8, null);
        KnnGraph one = NnDescent.search(x, 15, 7, 1);
        for (int threads : new int[] {2, 4}) {
            KnnGraph many = NnDescent.search(x, 15, 7, threads);
            assertArrayEquals(one.indices(), many.indices(), threads + " threads");
            assertArrayEquals(one.distances(), many.distances(), threads + " threads");
        }
        KnnGraph again = NnDescent.search(x, 15, 7, 4);
        assertArrayEquals(one.indices(), again.indices(), "same seed, same graph");
    }

    /** Share of true neighbours found, over a random sample of queries. */
    static double recall(DenseMatrix x, KnnGraph approx, int queries, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long hit = 0;
        long total = 0;
        int k = approx.k();
        for (int s = 0; s < queries; s++) {
            int q = rng.nextInt(x.nRows());
            Set<Integer> truth = new HashSet<>();
            for (int v : Mixtures.bruteForce(x, q, k - 1)) {
                truth.add(v);
            }
            for (int j = 1; j < k; j++) {
                hit += truth.contains(approx.index(q, j)) ? 1 : 0;
            }
            total += k - 1;
        }
        return (double) hit / total;
    }
}
