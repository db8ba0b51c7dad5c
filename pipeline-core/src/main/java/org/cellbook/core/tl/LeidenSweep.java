package org.cellbook.core.tl;

import nl.cwts.networkanalysis.Network;
import org.cellbook.core.data.CsrMatrix;

/**
 * Leiden at many resolutions on one graph, in parallel. Every resolution runs with its own
 * generator seeded from {@code options.seed()} (the same seed a notebook passes as
 * {@code random_state} in a loop of {@code sc.tl.leiden} calls), and the network is shared
 * read-only, so the labels equal those of a sequential run whatever the thread count.
 */
public final class LeidenSweep {
    private LeidenSweep() {
    }

    /** 26 resolutions 0.05, 0.10, ..., 1.30. */
    public static double[] defaultResolutions() {
        double[] r = new double[26];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.round((i + 1) * 5) / 100.0;
        }
        return r;
    }

    /** labels[r][cell] for each resolution r; {@code options.resolution()} is ignored. */
    public static int[][] run(CsrMatrix adjacency, double[] resolutions, Leiden.Options options, int threads) {
        Network network = Leiden.network(adjacency, options.useWeights());
        int[][] out = new int[resolutions.length][];
        Parallel.forBlocks(resolutions.length, 1, threads, (from, to) -> {
            for (int r = from; r < to; r++) {
                out[r] = Leiden.cluster(network, options.withResolution(resolutions[r]));
            }
        });
        return out;
    }

    /** Number of clusters of each labelling. */
    public static int[] clusterCounts(int[][] labels) {
        int[] counts = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            int max = -1;
            for (int l : labels[r]) {
                max = Math.max(max, l);
            }
            counts[r] = max + 1;
        }
        return counts;
    }
}
