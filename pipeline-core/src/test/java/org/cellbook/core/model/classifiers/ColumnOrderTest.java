package org.cellbook.core.model.classifiers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.cellbook.core.model.features.FoldTransform;
import org.cellbook.core.model.features.StandardScaler;
import org.cellbook.core.model.split.Groups;
import org.junit.jupiter.api.Test;

/**
 * The shared sort order the fold runner hands to binning fits: bins built from it are the bins
 * built by sorting (bit for bit), a wrong order is caught, and an inner fit's bins and trees do
 * not depend on the rows left out of its training part.
 */
class ColumnOrderTest {
    /** Float columns with ties, few-valued columns, signed zeros and a column of one value. */
    private static float[] data(int n, int p, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * p];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) {
                float v = switch (f % 5) {
                    case 0 -> (float) r.nextGaussian();
                    case 1 -> r.nextInt(7) - 3;             // few distinct values, many ties
                    case 2 -> r.nextBoolean() ? -0.0f : 0.0f; // signed zeros only
                    case 3 -> 2.5f;                            // constant
                    default -> (float) Math.round(r.nextGaussian() * 1000) / 100; // > 256 values with ties
                };
                x[i * p + f] = v;
            }
        }
        return x;
    }

    private static double[][] rows(float[] x, int p, int[] rows) {
        double[][] out = new double[rows.length][p];
        for (int k = 0; k < rows.length; k++) {
            for (int f = 0; f < p; f++) {
                out[k][f] = x[rows[k] * p + f];
            }
        }
        return out;
    }

    /** What the fold runner fits on: the rows standard-scaled on themselves. */
    private static double[][] scaled(float[] x, int p, int[] rows) {
        double[][] raw = rows(x, p, rows);
        FoldTransform.Fitted s = new StandardScaler().fit(raw, rows);
        return s.apply(raw, rows);
    }

    private static void assertSameBins(FeatureBins a, FeatureBins b) {
        assertArrayEquals(a.codes, b.codes);
        assertEquals(a.p, b.p);
        for (int f = 0; f < a.p; f++) {
            assertArrayEquals(bits(a.cuts[f]), bits(b.cuts[f]), "cuts of feature " + f);
            assertArrayEquals(bits(a.lo[f]), bits(b.lo[f]), "lo of feature " + f);
            assertArrayEquals(bits(a.hi[f]), bits(b.hi[f]), "hi of feature " + f);
        }
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static int[] every(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void binsFromTheOrderAreTheSortedBins() {
        int n = 3000;
        int p = 10;
        float[] x = data(n, p, 1);
        ColumnOrder all = ColumnOrder.ofFloatRows(x, p, every(n));
        int[] train = IntStream.range(0, n).filter(i -> i % 3 != 0).toArray();
        double[][] raw = rows(x, p, train);
        double[][] z = scaled(x, p, train);
        ColumnOrder order = all.restrict(train);
        assertSameBins(FeatureBins.of(raw), FeatureBins.of(raw, order));
        assertSameBins(FeatureBins.of(z), FeatureBins.of(z, order));
    }

    @Test
    void restrictingIsSortingTheRowsAlone() {
        int n = 500;
        int p = 5;
        float[] x = data(n, p, 2);
        int[] some = IntStream.range(0, n).filter(i -> i % 4 != 1).toArray();
        ColumnOrder narrowed = ColumnOrder.ofFloatRows(x, p, every(n)).restrict(some);
        ColumnOrder direct = ColumnOrder.ofFloatRows(x, p, some);
        for (int f = 0; f < p; f++) {
            assertArrayEquals(direct.feature(f), narrowed.feature(f), "feature " + f);
            int[] o = narrowed.feature(f);
            for (int k = 1; k < o.length; k++) {
                int prev = o[k - 1];
                int cur = o[k];
                float a = x[some[prev] * p + f];
                float b = x[some[cur] * p + f];
                int c = Float.compare(a, b);
                assertEquals(true, c < 0 || c == 0 && prev < cur, "ascending, ties in position order");
            }
        }
    }

    @Test
    void aWrongOrderIsCaughtAndTheColumnSorted() {
        int n = 800;
        int p = 5;
        float[] x = data(n, p, 3);
        double[][] m = rows(x, p, every(n));
        // Descending instead of ascending, and a column holding a NaN: both fall back to sorting.
        ColumnOrder reversed = ColumnOrder.ofFloatRows(negated(x), p, every(n));
        assertSameBins(FeatureBins.of(m), FeatureBins.of(m, reversed));
        m[17][0] = Double.NaN;
        assertSameBins(FeatureBins.of(m), FeatureBins.of(m, ColumnOrder.ofFloatRows(x, p, every(n))));
        assertThrows(IllegalArgumentException.class, () -> FeatureBins.of(m, ColumnOrder.ofFloatRows(x, p, new int[] {1, 2})));
        assertThrows(IllegalArgumentException.class, () -> ColumnOrder.ofFloatRows(x, p, every(n)).restrict(new int[] {3, 3}));
    }

    private static float[] negated(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -x[i];
        }
        return out;
    }

    /**
     * The fold runner's path: the feature set's order narrowed to an outer training part, then to
     * an inner training part. Changing every value of the inner test rows (which are in the outer
     * training part, so they do move the outer order) leaves the inner fit's bins and forest
     * unchanged, and both equal the fit without any order.
     */
    @Test
    void innerTestRowsDoNotReachTheInnerFit() {
        int n = 2400;
        int p = 10;
        float[] a = data(n, p, 4);
        int[] outerTrain = IntStream.range(0, n).filter(i -> i % 6 != 0).toArray();       // outer test: every 6th row
        int[] innerTrainPos = IntStream.range(0, outerTrain.length).filter(k -> k % 3 != 2).toArray();
        int[] innerTestPos = IntStream.range(0, outerTrain.length).filter(k -> k % 3 == 2).toArray();
        float[] b = a.clone();
        Random r = new Random(5);
        for (int k : innerTestPos) {
            for (int f = 0; f < p; f++) {
                b[outerTrain[k] * p + f] = (float) (r.nextGaussian() * 50);
            }
        }
        int[] innerTrain = Arrays.stream(innerTrainPos).map(k -> outerTrain[k]).toArray();
        double[][] z = scaled(a, p, innerTrain);
        assertArrayEquals(bits(z[0]), bits(scaled(b, p, innerTrain)[0]), "the inner training rows are the same in both");
        ColumnOrder fromA = ColumnOrder.ofFloatRows(a, p, every(n)).restrict(outerTrain).restrict(innerTrainPos);
        ColumnOrder fromB = ColumnOrder.ofFloatRows(b, p, every(n)).restrict(outerTrain).restrict(innerTrainPos);
        FeatureBins plain = FeatureBins.of(z);
        assertSameBins(plain, FeatureBins.of(z, fromA));
        assertSameBins(plain, FeatureBins.of(z, fromB));

        int[] y = Arrays.stream(innerTrain).map(i -> a[i * p] + 0.3 * a[i * p + 1] > 0 ? 1 : 0).toArray();
        Groups g = Groups.ofInts(new int[y.length]);
        Map<String, Object> params = Map.of("n_estimators", 5, "max_depth", 6, "min_samples_leaf", 3, "class_weight", "balanced");
        double[][] test = scaled(a, p, Arrays.stream(innerTestPos).map(k -> outerTrain[k]).toArray());
        RandomForestHist rf = new RandomForestHist();
        double[] none = rf.fit(new TrainingData(z, y, g), params, 7).predictProba(test);
        for (ColumnOrder o : List.of(fromA, fromB)) {
            assertArrayEquals(bits(none), bits(rf.fitter(new TrainingData(z, y, g, o)).fit(params, 7).predictProba(test)));
        }
    }
}
