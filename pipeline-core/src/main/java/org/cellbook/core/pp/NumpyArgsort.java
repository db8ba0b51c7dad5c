package org.cellbook.core.pp;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The order {@code np.argsort(a)} (default kind) gives a float64 array on x86-64 with AVX2 and
 * without AVX-512, including its order among equal values. numpy 2.x hands that sort to Intel's
 * x86-simd-sort (AVX2 argsort), which is not stable: equal values come out in an order fixed by
 * its quicksort and sorting networks. scanpy's seurat_v3 ranks genes with it, so when genes tie
 * at the n_top_genes cut-off, this order decides which of them are selected.
 *
 * <p>Written from a reading of x86-simd-sort's AVX2 argsort for 64-bit values (BSD-3-Clause)
 * and GCC's std::sort; no code is copied. The steps:
 *
 * <ul>
 *   <li>if the array is already non-decreasing, the identity;</li>
 *   <li>quicksort on the index array: ranges of at most 256 go to the network below; otherwise
 *       the pivot is the third smallest of the four values at {@code left + k * ((right - left) / 4)},
 *       k = 1..4, and the range is partitioned four indices at a time (values {@code >=} pivot go
 *       right, each block of four written "those below in order, then those at or above in
 *       reverse order" to both ends); a side is only recursed into when it is not all equal to
 *       the pivot; past depth {@code 2 * floor(log2 n)} (a tied minimum as pivot makes no
 *       progress) the range goes to GCC's {@code std::sort} ({@link StdSort});</li>
 *   <li>the network: the smallest power-of-two number (1 to 64) of 4-lane registers that holds the
 *       range, padded with +inf; each register sorted by a 3-step network, then bitonic merges of
 *       2, 4, ... registers; a compare-exchange never moves equal values.</li>
 * </ul>
 *
 * <p>NumpyArgsortTest checks the order against numpy's on 184 arrays of 2 to 33,538 values full
 * of ties. With a NaN or an infinity in the array (numpy then sorts NaN-aware with std::sort, and
 * +inf meets the network's padding) this returns a stable order, NaN last, instead; other CPUs
 * (AVX-512, non-x86) give numpy other orders among ties anyway.
 */
final class NumpyArgsort {
    private static final int LANES = 4;
    private static final int NETWORK_MAX = 256;

    private NumpyArgsort() {
    }

    /** Indices that sort {@code a} ascending, in numpy's AVX2 order among equal values. */
    static int[] argsort(double[] a) {
        int n = a.length;
        int[] arg = IntStream.range(0, n).toArray();
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return stable(a);
            }
        }
        if (n <= 1 || isSorted(a)) {
            return arg;
        }
        new Sorter(a, arg).sort(0, n - 1, 2 * log2(n));
        return arg;
    }

    /** floor(log2 n) for n >= 1. */
    private static int log2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    private static boolean isSorted(double[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static int[] stable(double[] a) {
        return IntStream.range(0, a.length).boxed().sorted((i, j) -> {
            boolean ni = Double.isNaN(a[i]);
            boolean nj = Double.isNaN(a[j]);
            return ni || nj ? Boolean.compare(ni, nj) : Double.compare(a[i] == 0 ? 0 : a[i], a[j] == 0 ? 0 : a[j]);
        }).mapToInt(Integer::intValue).toArray();
    }

    /** One argsort run: the values and the index array it permutes. */
    private static final class Sorter {
        final double[] a;
        final int[] arg;
        // of the partition in progress: its pivot, and the extremes of the values it has seen
        double currentPivot;
        double smallest;
        double biggest;

        Sorter(double[] a, int[] arg) {
            this.a = a;
            this.arg = arg;
        }

        /** Sorts arg[left..right]. */
        void sort(int left, int right, int maxIters) {
            if (maxIters <= 0) { // no progress (e.g. the pivot is a tied minimum): std::sort
                new StdSort(a, arg).sort(left, right + 1);
                return;
            }
            if (right + 1 - left <= NETWORK_MAX) {
                network(left, right + 1 - left);
                return;
            }
            double pivot = pivot(left, right);
            smallest = Double.POSITIVE_INFINITY;
            biggest = Double.NEGATIVE_INFINITY;
            int p = partitionUnrolled(left, right + 1, pivot); // ranges > 256: always the 4x unrolled loop
            double lo = smallest;
            double hi = biggest;
            if (pivot != lo) {
                sort(left, p - 1, maxIters - 1);
            }
            if (pivot != hi) {
                sort(p, right, maxIters - 1);
            }
        }

        double pivot(int left, int right) {
            if (right - left < LANES) {
                return a[arg[right]];
            }
            int size = (right - left) / 4;
            double[] v = {a[arg[left + size]], a[arg[left + 2 * size]], a[arg[left + 3 * size]], a[arg[left + 4 * size]]};
            Arrays.sort(v);
            return v[2];
        }

        /** Moves single indices until the range is a multiple of {@code block}; returns the new {left, right}. */
        int[] trim(int left, int right, int block, double pivot) {
            for (int i = (right - left) % block; i > 0; i--) {
                double v = a[arg[left]];
                smallest = Math.min(smallest, v);
                biggest = Math.max(biggest, v);
                if (!(v < pivot)) {
                    right--;
                    int t = arg[left];
                    arg[left] = arg[right];
                    arg[right] = t;
                } else {
                    left++;
                }
            }
            return new int[] {left, right};
        }

        int[] load(int at) {
            return Arrays.copyOfRange(arg, at, at + LANES);
        }

        /**
         * Partitions one register of indices: those below the pivot to arg[lStore..], those at or
         * above it (in reverse lane order) to the end of arg[..rEnd); returns how many were at or above.
         */
        int partitionVec(int lStore, int rEnd, int[] idx) {
            int[] temp = new int[LANES];
            int lo = 0;
            int hi = LANES - 1;
            int ge = 0;
            for (int j = 0; j < LANES; j++) {
                double v = a[idx[j]];
                smallest = Math.min(smallest, v);
                biggest = Math.max(biggest, v);
                if (v >= currentPivot) {
                    temp[hi--] = idx[j];
                    ge++;
                } else {
                    temp[lo++] = idx[j];
                }
            }
            System.arraycopy(temp, 0, arg, lStore, LANES);
            System.arraycopy(temp, 0, arg, rEnd - LANES, LANES);
            return ge;
        }

        /** Partitions arg[left0..right0) around the pivot, 16 indices per step; returns where the right part starts. */
        int partitionUnrolled(int left0, int right0, double pivot) {
            final int unroll = 4;
            currentPivot = pivot;
            int[] lr = trim(left0, right0, unroll * LANES, pivot);
            int left = lr[0];
            int right = lr[1];
            if (left == right) {
                return left;
            }
            int[][] vecLeft = new int[unroll][];
            int[][] vecRight = new int[unroll][];
            for (int ii = 0; ii < unroll; ii++) {
                vecLeft[ii] = load(left + LANES * ii);
                vecRight[ii] = load(right - LANES * (unroll - ii));
            }
            int rStore = right - LANES;
            int lStore = left;
            left += unroll * LANES;
            right -= unroll * LANES;
            while (right - left != 0) {
                int[][] v = new int[unroll][];
                if ((rStore + LANES) - right < left - lStore) {
                    right -= unroll * LANES;
                    for (int ii = 0; ii < unroll; ii++) {
                        v[ii] = load(right + ii * LANES);
                    }
                } else {
                    for (int ii = 0; ii < unroll; ii++) {
                        v[ii] = load(left + ii * LANES);
                    }
                    left += unroll * LANES;
                }
                for (int ii = 0; ii < unroll; ii++) {
                    int ge = partitionVec(lStore, rStore + LANES, v[ii]);
                    lStore += LANES - ge;
                    rStore -= ge;
                }
            }
            for (int[][] saved : new int[][][] {vecLeft, vecRight}) {
                for (int ii = 0; ii < unroll; ii++) {
                    int ge = partitionVec(lStore, rStore + LANES, saved[ii]);
                    lStore += LANES - ge;
                    rStore -= ge;
                }
            }
            return lStore;
        }

        /** Sorts arg[from..from+n) (n <= 256) with the register network. */
        void network(int from, int n) {
            int regs = NETWORK_MAX / LANES;
            while (regs > 1 && n * 2 <= regs * LANES) {
                regs /= 2;
            }
            double[] key = new double[regs * LANES];
            long[] idx = new long[regs * LANES];
            for (int s = 0; s < key.length; s++) {
                if (s < n) {
                    idx[s] = arg[from + s];
                    key[s] = a[arg[from + s]];
                } else {
                    idx[s] = Long.MAX_VALUE;
                    key[s] = Double.POSITIVE_INFINITY;
                }
            }
            for (int r = 0; r < regs; r++) {
                sortRegister(key, idx, r * LANES);
            }
            for (int per = 2; per <= regs; per *= 2) {
                for (int g = 0; g < regs / per; g++) {
                    mergeRegisters(key, idx, g * per, per);
                }
            }
            for (int s = 0; s < n; s++) {
                arg[from + s] = (int) idx[s];
            }
        }

        /** In-register compare-exchange of each lane with lane partner[lane]; maxLanes take the larger. */
        static void exchange(double[] key, long[] idx, int base, int[] partner, int maxLanes) {
            double[] k = Arrays.copyOfRange(key, base, base + LANES);
            long[] x = Arrays.copyOfRange(idx, base, base + LANES);
            for (int l = 0; l < LANES; l++) {
                double other = k[partner[l]];
                double r = (maxLanes >> l & 1) != 0 ? Math.max(other, k[l]) : Math.min(other, k[l]);
                key[base + l] = r;
                idx[base + l] = r == k[l] ? x[l] : x[partner[l]];
            }
        }

        private static final int[] SWAP1 = {1, 0, 3, 2};
        private static final int[] SWAP2 = {2, 3, 0, 1};
        private static final int[] REVERSE = {3, 2, 1, 0};

        static void sortRegister(double[] key, long[] idx, int base) {
            exchange(key, idx, base, SWAP1, 0xA);
            exchange(key, idx, base, REVERSE, 0xC);
            exchange(key, idx, base, SWAP1, 0xA);
        }

        static void cleanRegister(double[] key, long[] idx, int base) {
            exchange(key, idx, base, SWAP2, 0xC);
            exchange(key, idx, base, SWAP1, 0xA);
        }

        /** Lane-wise compare-exchange of registers r1 (gets the minima) and r2; equal values stay. */
        static void coex(double[] key, long[] idx, int r1, int r2) {
            for (int l = 0; l < LANES; l++) {
                int i = r1 * LANES + l;
                int j = r2 * LANES + l;
                if (key[j] < key[i]) {
                    double tk = key[i];
                    key[i] = key[j];
                    key[j] = tk;
                    long ti = idx[i];
                    idx[i] = idx[j];
                    idx[j] = ti;
                }
            }
        }

        static void reverse(double[] key, long[] idx, int r) {
            int b = r * LANES;
            for (int l = 0; l < LANES / 2; l++) {
                double tk = key[b + l];
                key[b + l] = key[b + LANES - 1 - l];
                key[b + LANES - 1 - l] = tk;
                long ti = idx[b + l];
                idx[b + l] = idx[b + LANES - 1 - l];
                idx[b + LANES - 1 - l] = ti;
            }
        }

        /** Bitonic merge of {@code count} sorted-in-halves registers starting at register {@code first}. */
        static void mergeRegisters(double[] key, long[] idx, int first, int count) {
            for (int i = 0; i < count / 2; i++) {
                int hi = first + count - 1 - i;
                reverse(key, idx, hi);
                coex(key, idx, first + i, hi);
                reverse(key, idx, hi);
            }
            for (int num = count / 2; num >= 2; num /= 2) {
                for (int j = 0; j < count; j += num) {
                    for (int i = 0; i < num / 2; i++) {
                        coex(key, idx, first + i + j, first + i + j + num / 2);
                    }
                }
            }
            for (int r = first; r < first + count; r++) {
                cleanRegister(key, idx, r * LANES);
            }
        }
    }

    /**
     * GCC's {@code std::sort} on indices compared by value (introsort: median-of-three quicksort
     * down to 16 elements, heapsort past depth 2 * floor(log2 n), then insertion sort), which
     * x86-simd-sort falls back to when its quicksort stops making progress.
     */
    private static final class StdSort {
        private static final int THRESHOLD = 16;
        final double[] a;
        final int[] arg;

        StdSort(double[] a, int[] arg) {
            this.a = a;
            this.arg = arg;
        }

        private boolean less(int i, int j) {
            return a[i] < a[j];
        }

        void sort(int first, int last) {
            if (first == last) {
                return;
            }
            introsort(first, last, 2 * log2(last - first));
            if (last - first > THRESHOLD) {
                insertionSort(first, first + THRESHOLD);
                for (int i = first + THRESHOLD; i < last; i++) {
                    linearInsert(i);
                }
            } else {
                insertionSort(first, last);
            }
        }

        private void introsort(int first, int last, int depth) {
            while (last - first > THRESHOLD) {
                if (depth == 0) {
                    heapSort(first, last);
                    return;
                }
                depth--;
                int cut = partitionPivot(first, last);
                introsort(cut, last, depth);
                last = cut;
            }
        }

        private void swap(int i, int j) {
            int t = arg[i];
            arg[i] = arg[j];
            arg[j] = t;
        }

        private int partitionPivot(int first, int last) {
            int mid = first + (last - first) / 2;
            moveMedianToFirst(first, first + 1, mid, last - 1);
            int lo = first + 1;
            int hi = last;
            int pivot = arg[first];
            while (true) {
                while (less(arg[lo], pivot)) {
                    lo++;
                }
                hi--;
                while (less(pivot, arg[hi])) {
                    hi--;
                }
                if (!(lo < hi)) {
                    return lo;
                }
                swap(lo, hi);
                lo++;
            }
        }

        private void moveMedianToFirst(int result, int x, int y, int z) {
            int ax = arg[x];
            int ay = arg[y];
            int az = arg[z];
            if (less(ax, ay)) {
                if (less(ay, az)) {
                    swap(result, y);
                } else if (less(ax, az)) {
                    swap(result, z);
                } else {
                    swap(result, x);
                }
            } else if (less(ax, az)) {
                swap(result, x);
            } else if (less(ay, az)) {
                swap(result, z);
            } else {
                swap(result, y);
            }
        }

        private void insertionSort(int first, int last) {
            for (int i = first + 1; i < last; i++) {
                int v = arg[i];
                if (less(v, arg[first])) {
                    System.arraycopy(arg, first, arg, first + 1, i - first);
                    arg[first] = v;
                } else {
                    linearInsert(i);
                }
            }
        }

        private void linearInsert(int last) {
            int v = arg[last];
            int next = last - 1;
            while (less(v, arg[next])) {
                arg[last] = arg[next];
                last = next;
                next--;
            }
            arg[last] = v;
        }

        private void heapSort(int first, int last) {
            int len = last - first;
            if (len >= 2) { // make_heap
                for (int parent = (len - 2) / 2; ; parent--) {
                    adjustHeap(first, parent, len, arg[first + parent]);
                    if (parent == 0) {
                        break;
                    }
                }
            }
            while (last - first > 1) { // sort_heap: pop_heap into the end
                last--;
                int v = arg[last];
                arg[last] = arg[first];
                adjustHeap(first, 0, last - first, v);
            }
        }

        private void adjustHeap(int first, int hole, int len, int value) {
            int top = hole;
            int child = hole;
            while (child < (len - 1) / 2) {
                child = 2 * (child + 1);
                if (less(arg[first + child], arg[first + child - 1])) {
                    child--;
                }
                arg[first + hole] = arg[first + child];
                hole = child;
            }
            if ((len & 1) == 0 && child == (len - 2) / 2) {
                child = 2 * (child + 1);
                arg[first + hole] = arg[first + child - 1];
                hole = child - 1;
            }
            int parent = (hole - 1) / 2;
            while (hole > top && less(arg[first + parent], value)) {
                arg[first + hole] = arg[first + parent];
                hole = parent;
                parent = (hole - 1) / 2;
            }
            arg[first + hole] = value;
        }
    }
}
