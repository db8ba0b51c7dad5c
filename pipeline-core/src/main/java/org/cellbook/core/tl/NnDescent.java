package org.cellbook.core.tl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;

/**
 * Approximate k nearest neighbours by nearest-neighbour descent (Dong, Moses &amp; Li 2011)
 * initialised from random-projection trees, the method of pynndescent that scanpy uses from
 * 8,192 cells up. Euclidean distance.
 *
 * <p><b>Determinism.</b> The result depends only on the data, {@code k} and the seed, not on the
 * thread count: trees are built each from its own seeded generator; every step is written as a
 * "pull" where point p reads a snapshot of the graph (its neighbours' neighbour lists, forward and
 * reverse) and updates only its own list; candidate sampling uses a hash of (seed, iteration, point)
 * instead of a shared generator; ties order by index.
 *
 * <p>Each point keeps {@code listSize >= k - 1} candidates during the search (a longer list than
 * needed raises recall for a little more work); the best {@code k - 1} are returned after the
 * point itself. Recall against {@link ExactKnn} is measured in the tests, not assumed.
 */
public final class NnDescent {
    /**
     * Tuning knobs. {@link #defaults}: lists of 1.5 x (k - 1) candidates, scanpy's tree count
     * {@code min(64, 5 + round(sqrt(n) / 20))}, leaves of {@code max(10, k)} points, at most 30
     * iterations, stop when fewer than 0.1% of list entries change (pynndescent's delta).
     */
    public record Params(int listSize, int nTrees, int leafSize, int maxCandidates, int maxIterations, double delta) {
        public static Params defaults(int n, int k) {
            int trees = (int) Math.min(64, 5 + Math.round(Math.sqrt(n) / 20.0));
            int list = Math.max(1, (3 * (k - 1) + 1) / 2);
            return new Params(list, trees, Math.max(10, k), list, 30, 0.001);
        }
    }

    private final double[] data;
    private final int n;
    private final int d;
    private final int size;
    private final int[] ids;
    private final double[] keys;
    private final boolean[] isNew;
    private final int[] count;

    private NnDescent(double[] data, int n, int d, int size) {
        this.data = data;
        this.n = n;
        this.d = d;
        this.size = size;
        this.ids = new int[n * size];
        this.keys = new double[n * size];
        this.isNew = new boolean[n * size];
        this.count = new int[n];
    }

    public static KnnGraph search(DenseMatrix x, int k, long seed, int threads) {
        return search(x, k, seed, threads, Params.defaults(x.nRows(), k));
    }

    public static KnnGraph search(DenseMatrix x, int k, long seed, int threads, Params p) {
        int n = x.nRows();
        int size = Math.min(n - 1, Math.max(k - 1, p.listSize()));
        NnDescent g = new NnDescent(ExactKnn.toDouble(x), n, x.nCols(), size);
        g.initFromTrees(p, seed, threads);
        for (int it = 0; it < p.maxIterations(); it++) {
            long updates = g.iterate(p.maxCandidates(), seed, it, threads);
            if (updates <= p.delta() * n * size) {
                break;
            }
        }
        return g.result(k);
    }

    private double dist(int a, int b) {
        int oa = a * d;
        int ob = b * d;
        double s = 0;
        for (int t = 0; t < d; t++) {
            double v = data[oa + t] - data[ob + t];
            s += v * v;
        }
        return s;
    }

    // ---- per-point bounded max-heap (key, id) with a "new" flag ----

    private static boolean greater(double ka, int ia, double kb, int ib) {
        return ka > kb || (ka == kb && ia > ib);
    }

    private boolean contains(int p, int q) {
        int base = p * size;
        for (int i = 0; i < count[p]; i++) {
            if (ids[base + i] == q) {
                return true;
            }
        }
        return false;
    }

    /** Offers q to p's list; true when the list changed. */
    private boolean offer(int p, double key, int q) {
        int base = p * size;
        int c = count[p];
        if (c == size && !greater(keys[base], ids[base], key, q)) {
            return false;
        }
        if (contains(p, q)) {
            return false;
        }
        if (c < size) {
            int i = c;
            count[p] = c + 1;
            while (i > 0) {
                int par = (i - 1) >> 1;
                if (!greater(key, q, keys[base + par], ids[base + par])) {
                    break;
                }
                move(base, par, i);
                i = par;
            }
            set(base, i, key, q);
            return true;
        }
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int big = r < size && greater(keys[base + r], ids[base + r], keys[base + l], ids[base + l]) ? r : l;
            if (!greater(keys[base + big], ids[base + big], key, q)) {
                break;
            }
            move(base, big, i);
            i = big;
        }
        set(base, i, key, q);
        return true;
    }

    private void move(int base, int from, int to) {
        keys[base + to] = keys[base + from];
        ids[base + to] = ids[base + from];
        isNew[base + to] = isNew[base + from];
    }

    private void set(int base, int i, double key, int q) {
        keys[base + i] = key;
        ids[base + i] = q;
        isNew[base + i] = true;
    }

    // ---- initialisation: random projection trees ----

    private void initFromTrees(Params p, long seed, int threads) {
        int nTrees = p.nTrees();
        int[][] leafOf = new int[nTrees][];
        List<List<int[]>> leaves = new ArrayList<>();
        for (int t = 0; t < nTrees; t++) {
            leaves.add(null);
        }
        Parallel.forBlocks(nTrees, 1, threads, (from, to) -> {
            for (int t = from; t < to; t++) {
                List<int[]> tl = new ArrayList<>();
                int[] all = new int[n];
                for (int i = 0; i < n; i++) {
                    all[i] = i;
                }
                split(all, p.leafSize(), new SplittableRandom(mix(seed, 0x7265657300L + t, 0)), tl);
                int[] of = new int[n];
                for (int l = 0; l < tl.size(); l++) {
                    for (int q : tl.get(l)) {
                        of[q] = l;
                    }
                }
                leaves.set(t, tl);
                leafOf[t] = of;
            }
        });
        Parallel.forBlocks(n, 256, threads, (from, to) -> {
            for (int q = from; q < to; q++) {
                for (int t = 0; t < nTrees; t++) {
                    for (int r : leaves.get(t).get(leafOf[t][q])) {
                        if (r != q) {
                            offer(q, dist(q, r), r);
                        }
                    }
                }
            }
        });
        // Points left with short lists (tiny leaves) get random fill so every list is full.
        Parallel.forBlocks(n, 256, threads, (from, to) -> {
            for (int q = from; q < to; q++) {
                SplittableRandom rng = new SplittableRandom(mix(seed, 0x66696c6cL, q));
                while (count[q] < size) {
                    int r = rng.nextInt(n);
                    if (r != q) {
                        offer(q, dist(q, r), r);
                    }
                }
            }
        });
    }

    /** Splits by the hyperplane halfway between two random points, recursively, into leaves of at most leafSize. */
    private void split(int[] idx, int leafSize, SplittableRandom rng, List<int[]> out) {
        if (idx.length <= leafSize) {
            out.add(idx);
            return;
        }
        int a = idx[rng.nextInt(idx.length)];
        int b = idx[rng.nextInt(idx.length)];
        double[] normal = new double[d];
        double offset = 0;
        for (int t = 0; t < d; t++) {
            double xa = data[a * d + t];
            double xb = data[b * d + t];
            normal[t] = xa - xb;
            offset -= normal[t] * (xa + xb) / 2;
        }
        boolean[] side = new boolean[idx.length];
        int left = 0;
        for (int i = 0; i < idx.length; i++) {
            double s = offset;
            int o = idx[i] * d;
            for (int t = 0; t < d; t++) {
                s += normal[t] * data[o + t];
            }
            side[i] = s > 0 || (s == 0 && rng.nextBoolean());
            left += side[i] ? 1 : 0;
        }
        if (left == 0 || left == idx.length) {
            // Degenerate hyperplane (duplicates): split at random.
            left = 0;
            for (int i = 0; i < idx.length; i++) {
                side[i] = rng.nextBoolean();
                left += side[i] ? 1 : 0;
            }
            if (left == 0 || left == idx.length) {
                side[0] = !side[0];
                left += side[0] ? 1 : -1;
            }
        }
        int[] l = new int[left];
        int[] r = new int[idx.length - left];
        int li = 0;
        int ri = 0;
        for (int i = 0; i < idx.length; i++) {
            if (side[i]) {
                l[li++] = idx[i];
            } else {
                r[ri++] = idx[i];
            }
        }
        split(l, leafSize, rng, out);
        split(r, leafSize, rng, out);
    }

    // ---- one descent iteration ----

    private long iterate(int maxCandidates, long seed, int it, int threads) {
        int[][] newFwd = new int[n][];
        int[][] oldFwd = new int[n][];
        for (int u = 0; u < n; u++) {
            int base = u * size;
            int nNew = 0;
            for (int i = 0; i < count[u]; i++) {
                nNew += isNew[base + i] ? 1 : 0;
            }
            int[] nw = new int[nNew];
            int[] old = new int[count[u] - nNew];
            int a = 0;
            int b = 0;
            for (int i = 0; i < count[u]; i++) {
                if (isNew[base + i]) {
                    nw[a++] = ids[base + i];
                } else {
                    old[b++] = ids[base + i];
                }
            }
            Arrays.sort(nw);
            nw = sample(nw, maxCandidates, seed, it, u);
            // Sampled new entries have now been joined: they become old. Unsampled stay new.
            for (int i = 0; i < count[u]; i++) {
                if (isNew[base + i] && Arrays.binarySearch(nw, ids[base + i]) >= 0) {
                    isNew[base + i] = false;
                }
            }
            newFwd[u] = nw;
            Arrays.sort(old);
            oldFwd[u] = old;
        }
        int[][] newSet = withReverse(newFwd, maxCandidates, seed, 2L * it + 1);
        int[][] oldSet = withReverse(oldFwd, maxCandidates, seed, 2L * it + 2);
        long[] updates = new long[(n + 255) / 256];
        Parallel.forBlocks(n, 256, threads, (from, to) -> {
            int[] seen = new int[n];
            int stamp = 0;
            long changed = 0;
            for (int p = from; p < to; p++) {
                stamp++;
                seen[p] = stamp;
                int base = p * size;
                for (int i = 0; i < count[p]; i++) {
                    seen[ids[base + i]] = stamp;
                }
                for (int u : newSet[p]) {
                    changed += join(p, newSet[u], seen, stamp) + join(p, oldSet[u], seen, stamp);
                }
                for (int u : oldSet[p]) {
                    changed += join(p, newSet[u], seen, stamp);
                }
            }
            updates[from / 256] = changed;
        });
        long total = 0;
        for (long c : updates) {
            total += c;
        }
        return total;
    }

    private int join(int p, int[] candidates, int[] seen, int stamp) {
        int changed = 0;
        for (int v : candidates) {
            if (seen[v] != stamp) {
                seen[v] = stamp;
                if (offer(p, dist(p, v), v)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** Forward lists plus reverse lists (capped by hash priority), per point. */
    private int[][] withReverse(int[][] fwd, int maxCandidates, long seed, long salt) {
        int[] revCount = new int[n];
        for (int[] f : fwd) {
            for (int v : f) {
                revCount[v]++;
            }
        }
        int[][] rev = new int[n][];
        for (int v = 0; v < n; v++) {
            rev[v] = new int[revCount[v]];
        }
        int[] fill = new int[n];
        for (int u = 0; u < n; u++) {
            for (int v : fwd[u]) {
                rev[v][fill[v]++] = u;
            }
        }
        int[][] out = new int[n][];
        for (int v = 0; v < n; v++) {
            int[] r = sample(rev[v], maxCandidates, seed, salt, v);
            int[] both = Arrays.copyOf(fwd[v], fwd[v].length + r.length);
            System.arraycopy(r, 0, both, fwd[v].length, r.length);
            out[v] = both;
        }
        return out;
    }

    /** At most {@code max} of the sorted ids: those with the smallest hash priority, returned sorted. */
    private static int[] sample(int[] sorted, int max, long seed, long salt, int owner) {
        if (sorted.length <= max) {
            return sorted;
        }
        long[] pri = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            // priority in the high bits, position in the low bits: a total, reproducible order
            pri[i] = (mix(seed, salt * 0x9E3779B97F4A7C15L + owner, sorted[i]) & 0xFFFFFFFF00000000L) | i;
        }
        Arrays.sort(pri);
        int[] out = new int[max];
        for (int i = 0; i < max; i++) {
            out[i] = sorted[(int) (pri[i] & 0xFFFFFFFFL)];
        }
        Arrays.sort(out);
        return out;
    }

    static long mix(long seed, long a, long b) {
        long z = seed ^ (a * 0xBF58476D1CE4E5B9L) ^ (b * 0x94D049BB133111EBL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private KnnGraph result(int k) {
        int[] idx = new int[n * k];
        float[] dist = new float[n * k];
        for (int p = 0; p < n; p++) {
            int base = p * size;
            int c = count[p];
            Integer[] order = new Integer[c];
            for (int i = 0; i < c; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> greater(keys[base + x], ids[base + x], keys[base + y], ids[base + y]) ? 1
                    : greater(keys[base + y], ids[base + y], keys[base + x], ids[base + x]) ? -1 : 0);
            idx[p * k] = p;
            dist[p * k] = 0f;
            for (int j = 1; j < k; j++) {
                int o = order[j - 1];
                idx[p * k + j] = ids[base + o];
                dist[p * k + j] = (float) Math.sqrt(keys[base + o]);
            }
        }
        return new KnnGraph(n, k, idx, dist);
    }
}
