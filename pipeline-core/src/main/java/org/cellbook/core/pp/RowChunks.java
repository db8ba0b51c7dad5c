package org.cellbook.core.pp;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits rows into fixed-size chunks that run in parallel and are combined in chunk order.
 *
 * <p>Chunk boundaries depend only on the row count, never on the number of threads, and partial
 * results are reduced in chunk order, so every floating-point sum comes out bit-identical on 1
 * or 64 cores.
 */
final class RowChunks {
    /** Rows per chunk: large enough to amortise task overhead, small enough to balance 2 cores. */
    static final int ROWS = 2048;

    private RowChunks() {
    }

    static int count(int nRows) {
        return (nRows + ROWS - 1) / ROWS;
    }

    /** Work on rows [from, to). */
    @FunctionalInterface
    interface Body {
        void run(int from, int to);
    }

    /** A partial result for rows [from, to). */
    @FunctionalInterface
    interface Mapper<T> {
        T map(int from, int to);
    }

    /** Runs {@code body} for every chunk; bodies must write disjoint outputs. */
    static void forEach(int nRows, Body body) {
        IntStream.range(0, count(nRows)).parallel()
                .forEach(c -> body.run(c * ROWS, Math.min(nRows, (c + 1) * ROWS)));
    }

    /** Partial results, one per chunk, in chunk order. */
    static <T> List<T> map(int nRows, Mapper<T> mapper) {
        return IntStream.range(0, count(nRows)).parallel()
                .mapToObj(c -> mapper.map(c * ROWS, Math.min(nRows, (c + 1) * ROWS)))
                .toList();
    }

    /** Sums per-chunk vectors element-wise in chunk order. */
    static double[] sumInOrder(List<double[]> parts, int length) {
        double[] out = new double[length];
        for (double[] p : parts) {
            for (int j = 0; j < length; j++) {
                out[j] += p[j];
            }
        }
        return out;
    }
}
