package org.cellbook.core.model.metrics;

/** Binary confusion matrix in scikit-learn's layout {@code [[tn, fp], [fn, tp]]}. */
public record ConfusionMatrix(long tn, long fp, long fn, long tp) {
    public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
        BinaryMetrics.checkSameLength(yTrue.length, yPred.length);
        long tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < yTrue.length; i++) {
            boolean t = BinaryMetrics.isPositive(yTrue[i], "y_true");
            boolean p = BinaryMetrics.isPositive(yPred[i], "y_pred");
            if (t) {
                if (p) tp++; else fn++;
            } else {
                if (p) fp++; else tn++;
            }
        }
        return new ConfusionMatrix(tn, fp, fn, tp);
    }

    public long total() {
        return tn + fp + fn + tp;
    }
}
