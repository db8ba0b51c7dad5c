package org.cellbook.core.synth;

/**
 * Walker's alias method (Vose's construction): draws an index with probability proportional to
 * its weight in constant time, so distributing a cell's thousands of low-expression counts over
 * tens of thousands of genes costs one draw per count.
 */
final class AliasTable {
    private final double[] threshold;
    private final int[] alias;
    private final int[] values;

    /** A table over {@code values[i]} with weight {@code weights[i]} (weights not all zero). */
    AliasTable(int[] values, double[] weights) {
        int n = weights.length;
        if (n == 0 || values.length != n) {
            throw new IllegalArgumentException("need matching, non-empty values and weights");
        }
        this.values = values.clone();
        this.threshold = new double[n];
        this.alias = new int[n];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            threshold[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            int l = large[--nl];
            threshold[l] = 1;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            threshold[s] = 1;
            alias[s] = s;
        }
    }

    int sample(Rng rng) {
        long bits = rng.nextLong();
        int column = (int) (((bits >>> 32) * threshold.length) >>> 32);
        double u = (bits & 0xFFFFFFFFL) * 0x1.0p-32;
        return values[u < threshold[column] ? column : alias[column]];
    }
}
