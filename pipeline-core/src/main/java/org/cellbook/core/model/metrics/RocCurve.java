package org.cellbook.core.model.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * scikit-learn's {@code roc_curve(y_true, y_score)} with its defaults ({@code pos_label=1},
 * {@code drop_intermediate=True}): one point per distinct score (highest first), collinear
 * intermediate points dropped, and a first point (0, 0) at threshold +infinity.
 *
 * <p>Ties: equal scores form one point, as in scikit-learn, so the order among tied cells does not
 * matter.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
    public static RocCurve of(int[] yTrue, double[] score) {
        BinaryMetrics.checkSameLength(yTrue.length, score.length);
        int n = score.length;
        if (n == 0) {
            return new RocCurve(new double[0], new double[0], new double[0]);
        }
        // The positives' and the negatives' scores, each sorted (primitive sorts: a boxed index sort
        // took ~30 ms per curve at 66,000 cells), merged from the top: a point per distinct score.
        double[] pos = new double[n];
        double[] neg = new double[n];
        int nPos = 0;
        int nNeg = 0;
        for (int i = 0; i < n; i++) {
            if (yTrue[i] == 1) {
                pos[nPos++] = score[i];
            } else {
                neg[nNeg++] = score[i];
            }
        }
        Arrays.sort(pos, 0, nPos);
        Arrays.sort(neg, 0, nNeg);
        List<double[]> points = new ArrayList<>(); // fps, tps, threshold at each distinct score
        int pi = nPos - 1;
        int ni = nNeg - 1;
        double tps = 0;
        double fps = 0;
        while (pi >= 0 || ni >= 0) {
            // the highest remaining score (Double.compare's order, as the boxed sort used)
            boolean fromPos = ni < 0 || (pi >= 0 && Double.compare(pos[pi], neg[ni]) >= 0);
            double s = fromPos ? pos[pi] : neg[ni];
            double last = s;
            if (fromPos) {
                pi--;
                tps++;
            } else {
                ni--;
                fps++;
            }
            // every further score equal to it (==: 0.0 and -0.0 tie, each NaN stands alone)
            while (true) {
                if (pi >= 0 && pos[pi] == s) {
                    last = lower(pos[pi--], last);
                    tps++;
                } else if (ni >= 0 && neg[ni] == s) {
                    last = lower(neg[ni--], last);
                    fps++;
                } else {
                    break;
                }
            }
            points.add(new double[] {fps, tps, last});
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

    /** The later of two tied scores in descending order (only 0.0 and -0.0 differ). */
    private static double lower(double a, double b) {
        return Double.compare(a, b) < 0 ? a : b;
    }
}
