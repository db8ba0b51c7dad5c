package org.cellbook.parity;

import java.util.Locale;

/**
 * For stochastic models: {@code |port - original| <= delta} for a scalar metric or element-wise
 * (per fold, per row). Tables are compared column by column in row order, or joined on keys with
 * {@code compare: table}.
 */
public record MetricDelta(double delta) implements Comparison {
    @Override
    public String describe() {
        return String.format(Locale.ROOT, "metric_delta(delta=%s)", delta);
    }

    @Override
    public Outcome compare(ParityValue original, ParityValue port) {
        if (original instanceof ParityValue.Table && port instanceof ParityValue.Table) {
            return new TableComparison(java.util.List.of(), this).compare(original, port);
        }
        if (!(original instanceof ParityValue.Numeric a) || !(port instanceof ParityValue.Numeric b)) {
            return Outcome.mismatch("metric_delta needs numbers on both sides, got " + Allclose.kind(original) + " and " + Allclose.kind(port));
        }
        return new Allclose(0, delta, true).compare(a, b, "");
    }
}
