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
 *
 * <p><b>Cost.</b> As in pynndescent, each iteration joins per point one candidate set of at most
 * {@code maxCandidates} entries drawn from forward and reverse neighbours together (not a forward
 * set plus a reverse set of that size each: that quadruples the join), and the search stops after
 * pynndescent's {@code max(5, round(log2 n))} iterations. Coordinates and distances are float, as
 * pynndescent computes them, which halves the memory traffic of the random-access join.
 */
public final class NnDescent {
    /**
     * Tuning knobs. {@link #defaults}: lists of 1.5 x (k - 1) candidates, scanpy's tree count
     * {@code min(64, 5 + round(sqrt(n) / 20))}, leaves of {@code max(10, k)} points, joined candidate
     * sets of {@code min(60, listSize)} (pynndescent: {@code min(60, k)}; the longer list keeps recall
     * above 0.95), pynndescent's {@code max(5, round(log2 n))} iterations, and stop when fewer than
     * 0.1% of list entries change (pynndescent's delta).
     */
    public record Params(int listSize, int nTrees, int leafSize, int maxCandidates, int maxIterations, double delta) {
        public static Params defaults(int n, int k) {
            int trees = (int) Math.min(64, 5 + Math.round(Math.sqrt(n) / 20.0));
            int list = Math.max(1, (3 * (k - 1) + 1) / 2);
            int iterations = (int) Math.max(5, Math.round(Math.log(Math.max(2, n)) / Math.log(2)));
            return new Params(list, trees, Math.max(10, k), Math.min(60, list), iterations, 0.001);
        }
    }

    private final float[] data;
    private final int n;
    private final int d;
    private final int size;
    private final int[] ids;
    private final float[] keys;
    private final boolean[] isNew;
    private final int[] count;
    private final java.util.concurrent.atomic.LongAdder evaluations = new java.util.concurrent.atomic.LongAdder();

    private NnDescent(float[] data, int n, int d, int size) {
        this.data = data;
        this.n = n;
        this.d = d;
        this.size = size;
        this.ids = new int[n * size];
        this.keys = new float[n * size];
        this.isNew = new boolean[n * size];
        this.count = new int[n];
    }

    public static KnnGraph search(DenseMatrix x, int k, long seed, int threads) {
        return search(x, k, seed, threads, Params.defaults(x.nRows(), k));
    }

    public static KnnGraph search(DenseMatrix x, int k, long seed, int threads, Params p) {
        return run(x, k, seed, threads, p).graph();
    }

    /** A search's graph and the work it took (for benchmarks): distance evaluations and descent iterations. */
    public record Run(KnnGraph graph, long distanceEvaluations, int iterations) {
    }

    /** With {@code -Dcellbook.nndescent.trace=true} prints per-phase times and updates per iteration to stderr. */
    public static Run run(DenseMatrix x, int k, long seed, int threads, Params p) {
        int n = x.nRows();
        int size = Math.min(n - 1, Math.max(k - 1, p.listSize()));
        NnDescent g = new NnDescent(x.data(), n, x.nCols(), size);
        boolean trace = Boolean.getBoolean("cellbook.nndescent.trace");
        long t0 = System.nanoTime();
        g.initFromTrees(p, seed, threads);
        if (trace) {
            System.err.printf("nndescent init %.2f s%n", (System.nanoTime() - t0) / 1e9);
        }
        int m = Math.max(1, p.maxCandidates());
        int[] newCand = new int[n * m];
        int[] oldCand = new int[n * m];
        int[] newCnt = new int[n];
        int[] oldCnt = new int[n];
        int it = 0;
        while (it < p.maxIterations()) {
            long t1 = System.nanoTime();
            g.candidates(m, seed, it, threads, newCand, newCnt, oldCand, oldCnt);
            long t2 = System.nanoTime();
            long updates = g.join(m, threads, newCand, newCnt, oldCand, oldCnt);
            if (trace) {
                System.err.printf("nndescent iteration %d: candidates %.2f s, join %.2f s, updates %d%n",
                        it, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9, updates);
            }
            it++;
            if (updates <= p.delta() * n * size) {
                break;
            }
        }
        return new Run(g.result(k), g.evaluations.sum(), it);
    }

    private float dist(int a, int b) {
        int oa = a * d;
        int ob = b * d;
        // four partial sums: independent chains the CPU can overlap (the order is fixed, so deterministic)
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int t = 0;
        for (; t + 3 < d; t += 4) {
            float v0 = data[oa + t] - data[ob + t];
            float v1 = data[oa + t + 1] - data[ob + t + 1];
            float v2 = data[oa + t + 2] - data[ob + t + 2];
            float v3 = data[oa + t + 3] - data[ob + t + 3];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
        }
        for (; t < d; t++) {
            float v = data[oa + t] - data[ob + t];
            s0 += v * v;
        }
        return (s0 + s1) + (s2 + s3);
    }

    // ---- per-point bounded max-heap (key, id) with a "new" flag ----

    private static boolean greater(float ka, int ia, float kb, int ib) {
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
    private boolean offer(int p, float key, int q) {
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

    private void set(int base, int i, float key, int q) {
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
            long e = 0;
            for (int q = from; q < to; q++) {
                for (int t = 0; t < nTrees; t++) {
                    for (int r : leaves.get(t).get(leafOf[t][q])) {
                        if (r != q) {
                            offer(q, dist(q, r), r);
                            e++;
                        }
                    }
                }
            }
            evaluations.add(e);
        });
        // Points left with short lists (tiny leaves) get random fill so every list is full.
        Parallel.forBlocks(n, 256, threads, (from, to) -> {
            for (int q = from; q < to; q++) {
                SplittableRandom rng = new SplittableRandom(mix(seed, 0x66696c6cL, q));
                while (count[q] < size) {
                    int r = rng.nextInt(n);
                    if (r != q) {
                        offer(q, dist(q, r), r);
                        evaluations.increment();
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

    /**
     * Candidate sets of every point: its new (resp. old) list entries together with the points that
     * list it as new (resp. old), at most m of them chosen by a hash priority of the pair (so
     * independent of threads). New entries chosen into their owner's set become old, as in
     * pynndescent.
     */
    private void candidates(int m, long seed, int it, int threads, int[] newCand, int[] newCnt, int[] oldCand, int[] oldCnt) {
        int[] revNewStart = new int[n + 1];
        int[] revOldStart = new int[n + 1];
        for (int u = 0; u < n; u++) {
            int base = u * size;
            for (int i = 0; i < count[u]; i++) {
                if (isNew[base + i]) {
                    revNewStart[ids[base + i] + 1]++;
                } else {
                    revOldStart[ids[base + i] + 1]++;
                }
            }
        }
        for (int v = 0; v < n; v++) {
            revNewStart[v + 1] += revNewStart[v];
            revOldStart[v + 1] += revOldStart[v];
        }
        int[] revNew = new int[revNewStart[n]];
        int[] revOld = new int[revOldStart[n]];
        int[] fillNew = Arrays.copyOf(revNewStart, n);
        int[] fillOld = Arrays.copyOf(revOldStart, n);
        for (int u = 0; u < n; u++) {
            int base = u * size;
            for (int i = 0; i < count[u]; i++) {
                int v = ids[base + i];
                if (isNew[base + i]) {
                    revNew[fillNew[v]++] = u;
                } else {
                    revOld[fillOld[v]++] = u;
                }
            }
        }
        long saltNew = mix(seed, 0x6e6577L, it);
        long saltOld = mix(seed, 0x6f6c64L, it);
        Parallel.forBlocks(n, 1024, threads, (from, to) -> {
            int[] buf = new int[size + n / 64 + 64];
            long[] pri = new long[buf.length];
            for (int v = from; v < to; v++) {
                int need = size + Math.max(revNewStart[v + 1] - revNewStart[v], revOldStart[v + 1] - revOldStart[v]);
                if (need > buf.length) {
                    buf = new int[need];
                    pri = new long[need];
                }
                newCnt[v] = pick(v, true, revNew, revNewStart, m, saltNew, buf, pri, newCand);
                oldCnt[v] = pick(v, false, revOld, revOldStart, m, saltOld, buf, pri, oldCand);
                int base = v * size;
                for (int i = 0; i < count[v]; i++) {
                    if (isNew[base + i] && Arrays.binarySearch(newCand, v * m, v * m + newCnt[v], ids[base + i]) >= 0) {
                        isNew[base + i] = false;
                    }
                }
            }
        });
    }

    /** Writes v's sorted candidate set into out[v*m ..] and returns its size. */
    private int pick(int v, boolean wantNew, int[] rev, int[] revStart, int m, long salt, int[] buf, long[] pri, int[] out) {
        int c = 0;
        int base = v * size;
        for (int i = 0; i < count[v]; i++) {
            if (isNew[base + i] == wantNew) {
                buf[c++] = ids[base + i];
            }
        }
        for (int j = revStart[v]; j < revStart[v + 1]; j++) {
            buf[c++] = rev[j];
        }
        Arrays.sort(buf, 0, c);
        int u = 0;
        for (int i = 0; i < c; i++) {
            if (i == 0 || buf[i] != buf[i - 1]) {
                buf[u++] = buf[i];
            }
        }
        int o = v * m;
        if (u <= m) {
            System.arraycopy(buf, 0, out, o, u);
            return u;
        }
        for (int i = 0; i < u; i++) {
            int w = buf[i];
            // one priority per unordered pair (as pynndescent), position in the low bits for a total order
            long h = mix(salt, Math.min(v, w), Math.max(v, w));
            pri[i] = (h & 0xFFFFFFFF00000000L) | i;
        }
        Arrays.sort(pri, 0, u);
        for (int i = 0; i < m; i++) {
            out[o + i] = buf[(int) (pri[i] & 0xFFFFFFFFL)];
        }
        Arrays.sort(out, o, o + m);
        return m;
    }

    /** Local join, pulled: each point offers itself its candidates' candidates; returns list changes. */
    private long join(int m, int threads, int[] newCand, int[] newCnt, int[] oldCand, int[] oldCnt) {
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
                for (int a = p * m, ae = a + newCnt[p]; a < ae; a++) {
                    int u = newCand[a];
                    changed += joinSet(p, newCand, u * m, newCnt[u], seen, stamp)
                            + joinSet(p, oldCand, u * m, oldCnt[u], seen, stamp);
                }
                for (int a = p * m, ae = a + oldCnt[p]; a < ae; a++) {
                    int u = oldCand[a];
                    changed += joinSet(p, newCand, u * m, newCnt[u], seen, stamp);
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

    private int joinSet(int p, int[] cand, int from, int len, int[] seen, int stamp) {
        int changed = 0;
        for (int i = from, e = from + len; i < e; i++) {
            int v = cand[i];
            if (seen[v] != stamp) {
                seen[v] = stamp;
                evaluations.increment();
                if (offer(p, dist(p, v), v)) {
                    changed++;
                }
            }
        }
        return changed;
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
        Parallel.forBlocks(n, 4096, 1, (from, to) -> {
            int[] order = new int[size];
            for (int p = from; p < to; p++) {
                int base = p * size;
                int c = count[p];
                // insertion sort of the short list by (key, id)
                for (int i = 0; i < c; i++) {
                    int j = i;
                    while (j > 0 && greater(keys[base + order[j - 1]], ids[base + order[j - 1]], keys[base + i], ids[base + i])) {
                        order[j] = order[j - 1];
                        j--;
                    }
                    order[j] = i;
                }
                idx[p * k] = p;
                dist[p * k] = 0f;
                for (int j = 1; j < k; j++) {
                    int o = order[j - 1];
                    idx[p * k + j] = ids[base + o];
                    dist[p * k + j] = (float) Math.sqrt(keys[base + o]);
                }
            }
        });
        return new KnnGraph(n, k, idx, dist);
    }
}
