package org.cellbook.core.tl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cellbook.core.data.DenseMatrix;

/**
 * Approximate k nearest neighbours by nearest-neighbour descent (Dong, Moses &amp; Li 2011)
 * initialised from random-projection trees, the method of pynndescent that scanpy uses from
 * 8,192 cells up. Euclidean distance.
 *
 * <p><b>Determinism.</b> The result depends only on the data, {@code k} and the seed, not on the
 * thread count: trees are built each from its own seeded generator; candidate sampling uses a hash
 * of (seed, iteration, pair) instead of a shared generator; ties order by index. The local join
 * (and the leaf join of the initialisation) compares each pair once and offers it to both lists,
 * as pynndescent does, from several threads under a per-list lock. The order of the offers does
 * not change the outcome: a bounded list ordered by (distance, index) that rejects ids it already
 * holds ends up with the smallest entries of everything offered to it, and a pair's distance is
 * the same both ways. The stopping rule counts the entries a join left in the lists (not the
 * accepted offers, which depend on the order).
 *
 * <p>Each point keeps {@code listSize >= k - 1} candidates during the search (a longer list than
 * needed raises recall for a little more work); the best {@code k - 1} are returned after the
 * point itself. Recall against {@link ExactKnn} is measured in the tests, not assumed.
 *
 * <p><b>Cost.</b> As in pynndescent, each iteration joins per point one candidate set of at most
 * {@code maxCandidates} entries drawn from forward and reverse neighbours together, each pair of
 * that set is compared once (new x new, new x old), and the search stops after pynndescent's
 * {@code max(5, round(log2 n))} iterations or earlier. Coordinates and squared distances are
 * float, as pynndescent computes them; returned distances are their square roots, i.e. Euclidean.
 */
public final class NnDescent {
    /**
     * Tuning knobs. {@link #defaults}: lists of {@code ceil(1.2 k)} entries (18 for k = 15;
     * pynndescent as scanpy calls it keeps k + 1 = 16 including the point itself, i.e. 15 others,
     * which measured recall 0.95 on the reference cohort's PCs; 18 measured 0.97 for a third more
     * distance evaluations, still below pynndescent's CPU time, see bench/knn), scanpy's tree count
     * {@code min(64, 5 + round(sqrt(n) / 20))}, leaves of {@code max(10, k)} points, joined candidate
     * sets of {@code min(60, listSize)} (pynndescent: {@code min(60, k + 1)}), pynndescent's
     * {@code max(5, round(log2 n))} iterations, and stop when fewer than 0.1% of list entries
     * change in an iteration (pynndescent's delta).
     */
    public record Params(int listSize, int nTrees, int leafSize, int maxCandidates, int maxIterations, double delta) {
        public static Params defaults(int n, int k) {
            int trees = (int) Math.min(64, 5 + Math.round(Math.sqrt(n) / 20.0));
            int list = Math.max(1, (6 * k + 4) / 5);
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
    /** Per list entry: {@link #NEW} (not yet joined) and {@link #FRESH} (inserted this iteration). */
    private final byte[] flags;
    /** Per point spin lock of its list, used by the join with more than one thread. */
    private final int[] locks;
    private final int[] count;
    private final java.util.concurrent.atomic.LongAdder evaluations = new java.util.concurrent.atomic.LongAdder();

    private NnDescent(float[] data, int n, int d, int size) {
        this.data = data;
        this.n = n;
        this.d = d;
        this.size = size;
        this.ids = new int[n * size];
        this.keys = new float[n * size];
        this.flags = new byte[n * size];
        this.locks = new int[n];
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
        if (trace) {
            System.err.printf("nndescent start (cpu %.2f s)%n", cpuSeconds());
        }
        g.initFromTrees(p, seed, threads);
        if (trace) {
            System.err.printf("nndescent init %.2f s (cpu %.2f s)%n", (System.nanoTime() - t0) / 1e9, cpuSeconds());
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
        flags[base + to] = flags[base + from];
    }

    private void set(int base, int i, float key, int q) {
        keys[base + i] = key;
        ids[base + i] = q;
        flags[base + i] = NEW | FRESH;
    }

    private static final byte NEW = 1;
    private static final byte FRESH = 2;
    private static final VarHandle LOCK = MethodHandles.arrayElementVarHandle(int[].class);

    /**
     * Offers q to p's full list from the join. The unlocked pre-check reads the list's largest key,
     * which during the join only decreases, so a stale read only lets more offers through to the
     * locked, exact test.
     */
    private void push(int p, float key, int q, boolean lock) {
        if (key > keys[p * size]) {
            return;
        }
        offerLocked(p, key, q, lock);
    }

    private void offerLocked(int p, float key, int q, boolean lock) {
        if (!lock) {
            offer(p, key, q);
            return;
        }
        int spins = 0;
        while (!LOCK.compareAndSet(locks, p, 0, 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        try {
            offer(p, key, q);
        } finally {
            LOCK.setRelease(locks, p, 0);
        }
    }

    // ---- initialisation: random projection trees ----

    /** Leaves of one tree: the points in leaf order and, per leaf l, its range start[l] .. start[l + 1]. */
    private record Forest(int[][] order, int[][] start, int[][] leafOf) {
    }

    private void initFromTrees(Params p, long seed, int threads) {
        int nTrees = p.nTrees();
        Forest f = new Forest(new int[nTrees][], new int[nTrees][], new int[nTrees][]);
        Parallel.forBlocks(nTrees, 1, threads, (from, to) -> {
            for (int t = from; t < to; t++) {
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                IntList bounds = new IntList();
                new TreeSplitter(p.leafSize(), new SplittableRandom(mix(seed, 0x7265657300L + t, 0)), order, bounds)
                        .split(0, n, 0);
                bounds.add(n);
                int[] start = bounds.toArray();
                int[] of = new int[n];
                for (int l = 0; l + 1 < start.length; l++) {
                    for (int i = start[l]; i < start[l + 1]; i++) {
                        of[order[i]] = l;
                    }
                }
                f.order()[t] = order;
                f.start()[t] = start;
                f.leafOf()[t] = of;
            }
        });
        if (Boolean.getBoolean("cellbook.nndescent.trace")) {
            System.err.printf("nndescent trees built (cpu %.2f s)%n", cpuSeconds());
        }
        // Every pair of leaf mates is compared once and offered to both (a leaf's rows stay in cache).
        // Lists are not yet full, so every offer is locked; the result does not depend on the order.
        boolean lock = threads > 1;
        Parallel.forBlocks(nTrees, 1, threads, (from, to) -> {
            long e = 0;
            for (int t = from; t < to; t++) {
                int[] order = f.order()[t];
                int[] start = f.start()[t];
                for (int l = 0; l + 1 < start.length; l++) {
                    for (int a = start[l]; a < start[l + 1]; a++) {
                        int pa = order[a];
                        for (int b = a + 1; b < start[l + 1]; b++) {
                            int pb = order[b];
                            float dab = dist(pa, pb);
                            offerLocked(pa, dab, pb, lock);
                            offerLocked(pb, dab, pa, lock);
                        }
                    }
                    int len = start[l + 1] - start[l];
                    e += (long) len * (len - 1) / 2;
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
                // every list is now full (the join's unlocked pre-check relies on it); all entries are new
                Arrays.fill(flags, q * size, (q + 1) * size, NEW);
            }
        });
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** Growable int list (leaf boundaries). */
    private static final class IntList {
        private int[] a = new int[64];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, 2 * size);
            }
            a[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    /**
     * One random projection tree, built in place on {@code order}: splits a range by the hyperplane
     * halfway between two random points of it (float arithmetic, as pynndescent), recursively,
     * into leaves of at most leafSize points, and records where each leaf starts.
     */
    private final class TreeSplitter {
        private final int leafSize;
        private final SplittableRandom rng;
        private final int[] order;
        private final IntList bounds;
        private final float[] normal = new float[d];
        private final boolean[] side;
        private final int[] tmp;

        TreeSplitter(int leafSize, SplittableRandom rng, int[] order, IntList bounds) {
            this.leafSize = leafSize;
            this.rng = rng;
            this.order = order;
            this.bounds = bounds;
            this.side = new boolean[order.length];
            this.tmp = new int[order.length];
        }

        void split(int lo, int hi, int depth) {
            int len = hi - lo;
            if (len <= leafSize) {
                bounds.add(lo);
                return;
            }
            int left = depth < MAX_DEPTH ? byHyperplane(lo, hi) : 0;
            if (left == 0 || left == len) {
                // Degenerate hyperplane (duplicates) or a very deep tree: split at random.
                left = 0;
                for (int i = lo; i < hi; i++) {
                    side[i] = rng.nextBoolean();
                    left += side[i] ? 1 : 0;
                }
                if (left == 0 || left == len) {
                    side[lo] = !side[lo];
                    left += side[lo] ? 1 : -1;
                }
            }
            // stable partition: left side first
            int li = lo;
            int ri = 0;
            for (int i = lo; i < hi; i++) {
                if (side[i]) {
                    order[li++] = order[i];
                } else {
                    tmp[ri++] = order[i];
                }
            }
            System.arraycopy(tmp, 0, order, li, ri);
            split(lo, lo + left, depth + 1);
            split(lo + left, hi, depth + 1);
        }

        /** Marks side[i] for order[lo..hi) and returns how many are on the left. */
        private int byHyperplane(int lo, int hi) {
            int a = order[lo + rng.nextInt(hi - lo)];
            int b = order[lo + rng.nextInt(hi - lo)];
            float offset = 0;
            for (int t = 0; t < d; t++) {
                float xa = data[a * d + t];
                float xb = data[b * d + t];
                normal[t] = xa - xb;
                offset -= normal[t] * (xa + xb) * 0.5f;
            }
            int left = 0;
            for (int i = lo; i < hi; i++) {
                int o = order[i] * d;
                float s0 = offset;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                int t = 0;
                for (; t + 3 < d; t += 4) {
                    s0 += normal[t] * data[o + t];
                    s1 += normal[t + 1] * data[o + t + 1];
                    s2 += normal[t + 2] * data[o + t + 2];
                    s3 += normal[t + 3] * data[o + t + 3];
                }
                for (; t < d; t++) {
                    s0 += normal[t] * data[o + t];
                }
                float s = (s0 + s1) + (s2 + s3);
                side[i] = s > 0 || (s == 0 && rng.nextBoolean());
                left += side[i] ? 1 : 0;
            }
            return left;
        }
    }

    /** Trees deeper than this split at random (guards the recursion against pathological data). */
    private static final int MAX_DEPTH = 200;

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
                if ((flags[base + i] & NEW) != 0) {
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
                if ((flags[base + i] & NEW) != 0) {
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
                    if ((flags[base + i] & NEW) != 0 && Arrays.binarySearch(newCand, v * m, v * m + newCnt[v], ids[base + i]) >= 0) {
                        flags[base + i] = 0;
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
            if (((flags[base + i] & NEW) != 0) == wantNew) {
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

    /**
     * Local join as in pynndescent: for every point, each pair of its candidates (new x new, new x
     * old) is compared once and offered to both lists. Several threads may offer to one list, so
     * each offer takes that list's lock; the order of offers does not matter, because a bounded
     * list ordered by (distance, index) ends up holding the smallest entries of everything offered
     * whatever the order, and a pair's distance is the same both ways. Returns the number of list
     * entries inserted by this join (counted on the final lists, so independent of the order) and
     * adds the distance evaluations.
     */
    private long join(int m, int threads, int[] newCand, int[] newCnt, int[] oldCand, int[] oldCnt) {
        boolean lock = threads > 1;
        Parallel.forBlocks(n, 256, threads, (from, to) -> {
            long e = 0;
            for (int i = from; i < to; i++) {
                int nb = i * m;
                int nc = newCnt[i];
                int oc = oldCnt[i];
                for (int a = 0; a < nc; a++) {
                    int p = newCand[nb + a];
                    for (int b = a + 1; b < nc; b++) {
                        int q = newCand[nb + b];
                        float dpq = dist(p, q);
                        push(p, dpq, q, lock);
                        push(q, dpq, p, lock);
                    }
                    e += nc - 1 - a;
                    for (int b = 0; b < oc; b++) {
                        int q = oldCand[nb + b];
                        if (q != p) {
                            float dpq = dist(p, q);
                            push(p, dpq, q, lock);
                            push(q, dpq, p, lock);
                            e++;
                        }
                    }
                }
            }
            evaluations.add(e);
        });
        long[] fresh = new long[(n + 4095) / 4096];
        Parallel.forBlocks(n, 4096, threads, (from, to) -> {
            long c = 0;
            for (int x = from * size, xe = to * size; x < xe; x++) {
                if ((flags[x] & FRESH) != 0) {
                    flags[x] &= ~FRESH;
                    c++;
                }
            }
            fresh[from / 4096] = c;
        });
        long total = 0;
        for (long c : fresh) {
            total += c;
        }
        return total;
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
