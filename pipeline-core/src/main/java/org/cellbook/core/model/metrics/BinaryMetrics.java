package org.cellbook.core.model.metrics;

import java.util.Arrays;
import org.cellbook.core.BadInputException;

/**
 * Binary classification metrics that return what {@code sklearn.metrics} 1.9.1 returns for
 * labels 0/1 with positive label 1 and the default {@code zero_division="warn"} (which yields
 * 0.0): precision with no predicted positives is 0, recall with no true positives is 0, F1 is 0
 * when precision + recall is 0 (or both are undefined), accuracy of an empty set is NaN (sklearn
 * would raise). ROC-AUC with one class in {@code yTrue} is NaN (sklearn warns and returns nan);
 * tied scores count as one threshold, i.e. half a concordant pair, as with sklearn's
 * {@code roc_curve} + trapezoidal {@code auc}.
 */
public final class BinaryMetrics {
    private BinaryMetrics() {
    }

    public static double accuracy(int[] yTrue, int[] yPred) {
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        return cm.total() == 0 ? Double.NaN : (double) (cm.tp() + cm.tn()) / cm.total();
    }

    public static double precision(int[] yTrue, int[] yPred) {
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        long predicted = cm.tp() + cm.fp();
        return predicted == 0 ? 0.0 : (double) cm.tp() / predicted;
    }

    public static double recall(int[] yTrue, int[] yPred) {
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        long actual = cm.tp() + cm.fn();
        return actual == 0 ? 0.0 : (double) cm.tp() / actual;
    }

    /** sklearn computes F1 as 2 tp / (2 tp + fp + fn), 0 when the denominator is 0. */
    public static double f1(int[] yTrue, int[] yPred) {
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
        long denom = 2 * cm.tp() + cm.fp() + cm.fn();
        return denom == 0 ? 0.0 : 2.0 * cm.tp() / denom;
    }

    /**
     * Area under the ROC curve, computed like sklearn: distinct score thresholds in decreasing
     * order, cumulative true/false positives, rates normalised by the totals, trapezoidal area.
     */
    public static double rocAuc(int[] yTrue, double[] score) {
        checkSameLength(yTrue.length, score.length);
        int n = yTrue.length;
        long pos = 0;
        for (int i = 0; i < n; i++) {
            if (isPositive(yTrue[i], "y_true")) {
                pos++;
            }
            if (Double.isNaN(score[i])) {
                throw BadInputException.parameter("y_score", "contains NaN at position " + i, "check the model's probabilities");
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        // Each class's scores sorted on their own (primitive sorts: no boxing, and little for the
        // JIT to compile), then merged from the highest score down. Tied scores form one threshold
        // whichever class they belong to, so the area does not depend on the order within a tie.
        double[] p = new double[(int) pos];
        double[] q = new double[(int) neg];
        int np = 0;
        int nq = 0;
        for (int i = 0; i < n; i++) {
            if (yTrue[i] == 1) {
                p[np++] = score[i];
            } else {
                q[nq++] = score[i];
            }
        }
        Arrays.sort(p);
        Arrays.sort(q);
        double area = 0;
        double prevFpr = 0;
        double prevTpr = 0;
        long tps = 0;
        long fps = 0;
        int i = np - 1;
        int j = nq - 1;
        while (i >= 0 || j >= 0) {
            double t = j < 0 || (i >= 0 && p[i] >= q[j]) ? p[i] : q[j];
            while (i >= 0 && p[i] == t) {
                tps++;
                i--;
            }
            while (j >= 0 && q[j] == t) {
                fps++;
                j--;
            }
            double fpr = (double) fps / neg;
            double tpr = (double) tps / pos;
            area += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            prevFpr = fpr;
            prevTpr = tpr;
        }
        return area;
    }

    /** Predicted class for a probability of class 1: 1 when p > threshold (sklearn's argmax sends 0.5 to class 0). */
    public static int[] threshold(double[] p, double threshold) {
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] > threshold ? 1 : 0;
        }
        return out;
    }

    /** All metrics for probabilities of class 1 at threshold 0.5. */
    public static MetricSet evaluate(int[] yTrue, double[] proba) {
        int[] pred = threshold(proba, 0.5);
        return new MetricSet(yTrue.length, accuracy(yTrue, pred), precision(yTrue, pred), recall(yTrue, pred),
                f1(yTrue, pred), rocAuc(yTrue, proba), ConfusionMatrix.of(yTrue, pred));
    }

    static boolean isPositive(int label, String what) {
        if (label != 0 && label != 1) {
            throw BadInputException.parameter(what, "labels must be 0 or 1, got " + label, "encode the response as 0/1");
        }
        return label == 1;
    }

    static void checkSameLength(int a, int b) {
        if (a != b) {
            throw BadInputException.parameter("y_true", "has " + a + " values but the predictions have " + b, "pass one prediction per label");
        }
    }
}
