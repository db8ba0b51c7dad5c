package org.cellbook.core.model.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * scikit-learn's {@code roc_curve(y_true, y_score)} with its defaults ({@code pos_label=1},
 * {@code drop_intermediate=True}): one point per distinct score (highest first), collinear
 * intermediate points dropped, and a first point (0, 0) at threshold +infinity.
 *
 * <p>Ties: scores are ordered as numpy's {@code argsort(kind="mergesort")[::-1]}, which only matters
 * for which tied index is "last"; tied scores form one point either way.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
    public static RocCurve of(int[] yTrue, double[] score) {
        BinaryMetrics.checkSameLength(yTrue.length, score.length);
        int n = score.length;
        if (n == 0) {
            return new RocCurve(new double[0], new double[0], new double[0]);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
        List<double[]> points = new ArrayList<>(); // fps, tps, threshold at each distinct score
        double tps = 0;
        double fps = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (yTrue[i] == 1) {
                tps++;
            } else {
                fps++;
            }
            if (k == n - 1 || score[order[k + 1]] != score[i]) {
                points.add(new double[] {fps, tps, score[i]});
            }
        }
        if (points.size() > 2) {
            List<double[]> kept = new ArrayList<>();
            for (int k = 0; k < points.size(); k++) {
                if (k == 0 || k == points.size() - 1) {
                    kept.add(points.get(k));
                    continue;
                }
                double[] a = points.get(k - 1);
                double[] b = points.get(k);
                double[] c = points.get(k + 1);
                // np.diff(x, 2) != 0 at k-1: the slope changes at point k
                if (c[0] - 2 * b[0] + a[0] != 0 || c[1] - 2 * b[1] + a[1] != 0) {
                    kept.add(b);
                }
            }
            points = kept;
        }
        int m = points.size() + 1;
        double[] fpr = new double[m];
        double[] tpr = new double[m];
        double[] thr = new double[m];
        thr[0] = Double.POSITIVE_INFINITY;
        double totalFp = points.get(points.size() - 1)[0];
        double totalTp = points.get(points.size() - 1)[1];
        for (int k = 1; k < m; k++) {
            double[] p = points.get(k - 1);
            // sklearn warns and returns NaN when a class is absent
            fpr[k] = totalFp > 0 ? p[0] / totalFp : Double.NaN;
            tpr[k] = totalTp > 0 ? p[1] / totalTp : Double.NaN;
            thr[k] = p[2];
        }
        fpr[0] = totalFp > 0 ? 0 : Double.NaN;
        tpr[0] = totalTp > 0 ? 0 : Double.NaN;
        return new RocCurve(fpr, tpr, thr);
    }
}
