package org.cellbook.core.model.metrics;

/** The evaluation of one set of predictions (cells or patients). */
public record MetricSet(int n, double accuracy, double precision, double recall, double f1, double rocAuc,
                        ConfusionMatrix confusion) {
}
