package org.cellbook.core.tl;

import java.util.Arrays;

/**
 * The deterministic parallel epoch schedule of {@link Umap} ({@link Umap.Schedule#PARALLEL}): the
 * same bytes on any number of threads.
 *
 * <p>The vertices are cut into {@code chunks x WAVES} contiguous blocks of about equal sampling
 * work (the sum of their edges' rates); the number of chunks ({@link #blockCount}, at most 64)
 * depends on the cell count only, never on the threads. Block {@code c * WAVES + w} is chunk c's
 * w-th part. An epoch is {@link #WAVES} rounds; round w has two phases, each a set of
 * independent tasks, one per chunk:
 * <ol>
 *   <li><b>SGD</b>: chunk c runs the SGD step ({@link UmapBlockSgd}) over the edges whose head
 *   is in block {@code c * WAVES + w}, in the graph's order. It moves those heads, and tails inside the
 *   block, in place; it reads every other vertex from a snapshot of the layout taken at the start
 *   of the round, and records the moves of tails outside the block in a buffer per (source
 *   chunk, target chunk). Negative samples come from a generator seeded by (seed, epoch, block)
 *   only.</li>
 *   <li><b>Merge</b>: chunk c applies the buffered moves of its vertices, source chunks in
 *   ascending order and each buffer in edge order, then copies its vertices into the snapshot.</li>
 * </ol>
 * A task writes only its own vertices and buffers, and reads other vertices only from the
 * snapshot, which no task writes during the SGD phase: so the result does not depend on which
 * thread runs which task, or when.
 *
 * <p>What differs from the sequential order: within a round, an edge whose tail is in another
 * block pulls towards the tail's position at the start of the round, and the tail's move lands at
 * the end of the round (a Jacobi step across blocks, Gauss-Seidel within one); negative samples in
 * other blocks are read at the start of the round; and the random stream differs. Every round
 * sees all updates of the rounds before it, so the staleness is a quarter of an epoch, not a
 * whole one (which measurably lost quality; see {@link #WAVES}). umap-learn's own parallel mode
 * (Hogwild, used when random_state is None) reads and writes concurrently with no order at all;
 * this schedule trades a little of that freshness for reproducibility.
 */
final class UmapBlocks {
    /** Most blocks: enough for dynamic balance on 16 threads. */
    static final int MAX_BLOCKS = 64;
    /** Fewest vertices per block: smaller blocks only add merge work. */
    static final int MIN_BLOCK_VERTICES = 64;

    /**
     * Rounds per epoch (see the class comment), part of the schedule's definition. One round (a
     * whole epoch between snapshots) lost ~5% of the neighbourhood preservation on the 66,639-cell
     * reference graph; 4, 8 and 16 rounds kept the sequential order's (bench/results/umap-parallel-*.json).
     */
    static final int WAVES = 4;

    private final UmapBlockSgd sgd;
    private final int chunks;
    /** Block c * WAVES + w owns vertices [vStart[b], vStart[b + 1]). */
    private final int[] vStart;
    /** The chunk of each vertex (at most {@link #MAX_BLOCKS} chunks: a byte). */
    private final byte[] chunkOf;
    /** moves[source chunk * chunks + target chunk]: tail moves from one task of a wave to another chunk's vertices. */
    private final MoveBuffer[] moves;

    UmapBlocks(UmapBlockSgd sgd) {
        this.sgd = sgd;
        int n = sgd.n;
        chunks = blockCount(n);
        vStart = cut(sgd, chunks * WAVES);
        chunkOf = new byte[n];
        for (int c = 0; c < chunks; c++) {
            Arrays.fill(chunkOf, vStart[c * WAVES], vStart[(c + 1) * WAVES], (byte) c);
        }
        moves = new MoveBuffer[chunks * chunks];
        for (int i = 0; i < moves.length; i++) {
            moves[i] = new MoveBuffer();
        }
    }

    /**
     * Block boundaries: contiguous vertex ranges with about equal sampling work (the sum of their
     * edges' rates, 1 / epochs_per_sample), each at least one vertex when n allows.
     */
    private static int[] cut(UmapBlockSgd sgd, int blocks) {
        int n = sgd.n;
        double[] work = new double[n];
        for (int v = 0; v < n; v++) {
            for (int i = sgd.rowStart[v]; i < sgd.rowStart[v + 1]; i++) {
                work[v] += sgd.rate(i);
            }
        }
        double total = 0;
        for (double w : work) {
            total += w;
        }
        int[] vStart = new int[blocks + 1];
        double run = 0;
        int v = 0;
        for (int blk = 1; blk < blocks; blk++) {
            double target = total * blk / blocks;
            while (v < n - (blocks - blk) && (run < target || v <= vStart[blk - 1])) {
                run += work[v++];
            }
            vStart[blk] = v;
        }
        vStart[blocks] = n;
        return vStart;
    }

    /** The number of chunks (tasks per round) for {@code n} vertices: up to {@link #MAX_BLOCKS}, never from the thread count. */
    static int blockCount(int n) {
        return Math.max(1, Math.min(MAX_BLOCKS, n / MIN_BLOCK_VERTICES));
    }

    void run(float[] y, int nEpochs, long seed, int threads) {
        float[] frozen = y.clone();
        int[][] scratchEdge = new int[chunks][];
        int[][] scratchHead = new int[chunks][];
        for (int c = 0; c < chunks; c++) {
            int most = 0;
            for (int w = 0; w < WAVES; w++) {
                most = Math.max(most, sgd.edges(vStart[c * WAVES + w], vStart[c * WAVES + w + 1]));
            }
            scratchEdge[c] = new int[most];
            scratchHead[c] = new int[most];
        }
        try (Parallel.Pool pool = new Parallel.Pool(threads)) {
            for (int epoch = 0; epoch < nEpochs; epoch++) {
                int ep = epoch;
                for (int wave = 0; wave < WAVES; wave++) {
                    int w = wave;
                    pool.forEach(chunks, c -> {
                        int blk = c * WAVES + w;
                        sgd.run(ep, nEpochs, vStart[blk], vStart[blk + 1], y, frozen, streamSeed(seed, ep, blk),
                                scratchEdge[c], scratchHead[c], (vertex, dx, dy) -> moves[c * chunks + chunkOf[vertex]].add(vertex, dx, dy));
                    });
                    pool.forEach(chunks, c -> {
                        for (int src = 0; src < chunks; src++) {
                            moves[src * chunks + c].applyAndClear(y);
                        }
                        int from = 2 * vStart[c * WAVES];
                        System.arraycopy(y, from, frozen, from, 2 * vStart[(c + 1) * WAVES] - from);
                    });
                }
            }
        }
    }

    /** The seed of one block's negative samples in one epoch: a function of (seed, epoch, block) only. */
    static long streamSeed(long seed, int epoch, int block) {
        return mix(mix(seed ^ 0x9E3779B97F4A7C15L * (epoch + 1L)) ^ 0xC2B2AE3D27D4EB4FL * (block + 1L));
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Tail moves in the order they were made: vertex and (dx, dy) to subtract. */
    private static final class MoveBuffer {
        private int[] vertex = new int[16];
        private float[] delta = new float[32];
        private int size;

        void add(int v, float dx, float dy) {
            if (size == vertex.length) {
                vertex = Arrays.copyOf(vertex, 2 * size);
                delta = Arrays.copyOf(delta, 4 * size);
            }
            vertex[size] = v;
            delta[2 * size] = dx;
            delta[2 * size + 1] = dy;
            size++;
        }

        void applyAndClear(float[] y) {
            for (int i = 0; i < size; i++) {
                int v2 = 2 * vertex[i];
                y[v2] -= delta[2 * i];
                y[v2 + 1] -= delta[2 * i + 1];
            }
            size = 0;
        }
    }
}
