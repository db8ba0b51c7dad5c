package org.cellbook.core.tl;

/**
 * The SGD step of the parallel UMAP schedule ({@link UmapBlocks}) over the edges of one block:
 * umap-learn's updates ({@code optimize_layout_euclidean}, {@code move_other=True}: attraction
 * along each sampled edge, clipped at ±4, both ends moved; negative samples repelling the head
 * only), arranged for speed. The sequential schedule ({@link UmapSgd}) keeps umap-learn's
 * arithmetic and order; this one differs as follows, each for a measured reason
 * (bench/results/umap-speed-2026-11-23.json):
 * <ul>
 *   <li><b>Negative samples in parallel.</b> umap-learn moves the head after each negative sample,
 *   so each sample's distance waits for the previous one's power, division and clip (~100
 *   cycles). Here the positive sample and the negative samples of one edge are all computed from
 *   the head's position before that edge and their clipped moves are summed (in double, rounded
 *   to float once), so the core overlaps them. Edges still run one after the other, each seeing
 *   all before it. Repulsive moves are tiny (far-away random cells), so the layouts keep the
 *   graph's neighbourhoods as well as the sequential order's (UmapScheduleTest, bench/umap).</li>
 *   <li><b>Tabulated gradient coefficients</b> ({@link UmapForces}, relative error below 1e-8)
 *   instead of two powers and a division per sample.</li>
 *   <li><b>Sampling from the epoch, not from accumulators.</b> umap-learn samples an edge when
 *   its accumulated {@code epoch_of_next_sample} (+= epochs_per_sample) reaches the epoch, i.e.
 *   when floor(epoch rate) goes up (rate = 1 / epochs_per_sample); this computes that floor
 *   directly from a float rate stored next to the tail (8 bytes per edge instead of 52 bytes of
 *   per-edge state streamed through memory every epoch, which had been the largest cost). It can
 *   differ from the accumulated test by one epoch where epoch rate is within rounding of an
 *   integer. Each positive sample draws exactly {@code negative_sample_rate} negative samples:
 *   umap-learn's {@code epoch_of_next_negative_sample} bookkeeping gives that number on average,
 *   jittered by one or two either way.</li>
 *   <li><b>A cheaper generator.</b> Negative samples come from wyrand (a counter-based
 *   generator, seeded per (seed, epoch, block) by {@link UmapBlocks}) mapped to [0, n) by a
 *   multiply-shift, not from {@link java.util.SplittableRandom}'s rejection sampling (an
 *   integer division per draw); the multiply-shift's bias (below n / 2^32, ~2e-5 relative here)
 *   is far below what a layout can show (umap-learn's {@code tau_rand_int % n} has one too).</li>
 *   <li>The edges sampled in an epoch are first listed without branches, so the sampling test
 *   (unpredictable for mid-weight edges) costs no mispredicted branch.</li>
 * </ul>
 */
final class UmapBlockSgd {
    /** Receives the move of a tail outside the block: its y must later be decreased by (dx, dy). */
    interface OutsideMoves {
        void add(int vertex, float dx, float dy);
    }

    final int n;
    /** The edges of vertex v (as head) are [rowStart[v], rowStart[v + 1]). */
    final int[] rowStart;
    /** Per edge: the tail in the low 32 bits, the sampling rate (a float) in the high 32. */
    private final long[] edges;
    private final int negatives;
    private final UmapForces forces;

    /** The edges in head order, as {@link Umap#embed} lists them. */
    UmapBlockSgd(int n, int[] head, int[] tail, double[] epochsPerSample, int negativeSampleRate, double a, double b) {
        this.n = n;
        rowStart = new int[n + 1];
        for (int h : head) {
            rowStart[h + 1]++;
        }
        for (int v = 0; v < n; v++) {
            rowStart[v + 1] += rowStart[v];
        }
        edges = new long[head.length];
        for (int i = 0; i < head.length; i++) {
            if (i > 0 && head[i] < head[i - 1]) {
                throw new IllegalArgumentException("edges not in head order at " + i);
            }
            float rate = (float) (1.0 / epochsPerSample[i]); // epochs_per_sample >= 1: rate in (0, 1]
            edges[i] = (long) Float.floatToRawIntBits(rate) << 32 | (tail[i] & 0xFFFF_FFFFL);
        }
        negatives = negativeSampleRate;
        forces = new UmapForces(a, b);
    }

    /** The sampling rate of edge i: positive samples per epoch, 1 / epochs_per_sample. */
    double rate(int i) {
        return Float.intBitsToFloat((int) (edges[i] >>> 32));
    }

    /** The number of edges whose head is in [from, to): the scratch size {@link #run} needs for that range. */
    int edges(int from, int to) {
        return rowStart[to] - rowStart[from];
    }

    /**
     * One epoch's pass over the edges whose heads lie in [vFrom, vTo): heads and tails inside the
     * range are moved in {@code y}; other vertices are read from {@code frozen} and their moves as
     * tails handed to {@code outside}. Each scratch array holds at least {@link #edges(int, int)} ints.
     */
    void run(int epoch, int nEpochs, int vFrom, int vTo, float[] y, float[] frozen, long seed, int[] scratchEdge,
            int[] scratchHead, OutsideMoves outside) {
        if (epoch == 0) {
            return; // umap-learn samples an edge first at epoch epochs_per_sample >= 1
        }
        final UmapForces forces = this.forces;
        final long[] edges = this.edges;
        final int n = this.n;
        final int negatives = this.negatives;
        final double alpha = 1.0 - (double) epoch / nEpochs;
        final double clipBound = 4.0 * alpha; // clip(g, 4) alpha = clip(g alpha, 4 alpha): alpha > 0
        // The edges sampled this epoch (their count floor(epoch rate) went up), listed without a branch.
        int m = 0;
        for (int v = vFrom; v < vTo; v++) {
            for (int i = rowStart[v]; i < rowStart[v + 1]; i++) {
                double rate = Float.intBitsToFloat((int) (edges[i] >>> 32));
                scratchEdge[m] = i;
                scratchHead[m] = v;
                m += (int) (epoch * rate) - (int) ((epoch - 1) * rate);
            }
        }
        long state = seed;
        for (int t = 0; t < m; t++) {
            int j = scratchHead[t];
            int j2 = 2 * j;
            int k = (int) edges[scratchEdge[t]];
            int k2 = 2 * k;
            boolean kInside = k >= vFrom && k < vTo;
            float[] yk = kInside ? y : frozen;
            float yj0 = y[j2];
            float yj1 = y[j2 + 1];
            double dx = yj0 - yk[k2];
            double dy = yj1 - yk[k2 + 1];
            double d2 = dx * dx + dy * dy;
            float sx = 0;
            float sy = 0;
            if (d2 > 0) {
                double g = alpha * forces.attract(d2);
                sx = (float) clip(g * dx, clipBound);
                sy = (float) clip(g * dy, clipBound);
            }
            if (kInside) {
                y[k2] -= sx;
                y[k2 + 1] -= sy;
            } else {
                outside.add(k, sx, sy);
            }
            // The negative samples from the head's position before this edge: independent of each other.
            double mx = sx;
            double my = sy;
            for (int s = 0; s < negatives; s++) {
                state += 0xA0761D6478BD642FL; // wyrand
                long x = state ^ 0xE7037ED1A0B428DBL;
                long rnd = state * x ^ Math.unsignedMultiplyHigh(state, x);
                int r = (int) (((rnd >>> 32) * n) >>> 32);
                if (r == j) {
                    continue; // zero distance: no move (and the head's own slot in y is stale here)
                }
                float[] yr = r >= vFrom && r < vTo ? y : frozen;
                double ex = yj0 - yr[2 * r];
                double ey = yj1 - yr[2 * r + 1];
                double q2 = ex * ex + ey * ey;
                if (q2 > 0) {
                    double g = alpha * forces.repel(q2);
                    mx += clip(g * ex, clipBound);
                    my += clip(g * ey, clipBound);
                }
            }
            y[j2] = (float) (yj0 + mx);
            y[j2 + 1] = (float) (yj1 + my);
        }
    }

    /** umap-learn's gradient clip (at ±4), scaled by the learning rate: {@code bound} = 4 alpha. */
    private static double clip(double v, double bound) {
        return v > bound ? bound : v < -bound ? -bound : v;
    }
}
