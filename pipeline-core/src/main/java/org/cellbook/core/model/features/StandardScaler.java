package org.cellbook.core.model.features;

import java.util.Map;

/**
 * scikit-learn's {@code StandardScaler()} (with_mean, with_std): subtract the training mean,
 * divide by the training population standard deviation (ddof=0); a column with zero variance is
 * divided by 1, as sklearn does. Sums are in double precision in row order, so values may differ
 * from sklearn in the last bits.
 */
public final class StandardScaler implements FoldTransform {
    @Override
    public Map<String, Object> describe() {
        return Map.of("transform", "standard_scaler");
    }

    @Override
    public Fitted fit(double[][] x, int[] cells) {
        int p = x.length == 0 ? 0 : x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= x.length;
        }
        double[] scale = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                double d = row[j] - mean[j];
                scale[j] += d * d;
            }
        }
        for (int j = 0; j < p; j++) {
            double sd = Math.sqrt(scale[j] / x.length);
            // sklearn's _handle_zeros_in_scale: near-constant columns keep scale 1.
            scale[j] = sd < 10 * Math.ulp(1.0) * Math.max(1.0, Math.abs(mean[j])) ? 1.0 : sd;
        }
        return new Fitted() {
            @Override
            public double[][] apply(double[][] rows, int[] c) {
                double[][] out = new double[rows.length][p];
                for (int i = 0; i < rows.length; i++) {
                    scaleRow(rows[i], out[i], mean, scale);
                }
                return out;
            }

            @Override
            public double[][] applyInPlace(double[][] rows, int[] c) {
                for (double[] row : rows) {
                    scaleRow(row, row, mean, scale);
                }
                return rows;
            }
        };
    }

    private static void scaleRow(double[] in, double[] out, double[] mean, double[] scale) {
        for (int j = 0; j < mean.length; j++) {
            out[j] = (in[j] - mean[j]) / scale[j];
        }
    }
}
