package org.cellbook.core.model.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Inference passes (dropout off) in fixed-size batches, and the loss computed from their logits. */
final class Logits {
    static final int BATCH = 1024;

    private Logits() {
    }

    /** One logit per row of the row-major {@code x} ({@code rows[i]} picks the row; null means all rows in order). */
    static float[] of(Block block, NDManager parent, float[] x, int width, int[] rows) {
        int n = rows == null ? x.length / width : rows.length;
        float[] out = new float[n];
        ParameterStore ps = new ParameterStore(parent, false);
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            try (NDManager m = parent.newSubManager()) {
                NDArray in = m.create(Batches.gather(x, width, rows, start, b), new Shape(b, width));
                float[] z = block.forward(ps, new NDList(in), false).singletonOrThrow().toFloatArray();
                System.arraycopy(z, 0, out, start, b);
            }
        }
        return out;
    }

    /**
     * Weighted mean binary cross-entropy of logits {@code z} against labels {@code y[rows[i]]}
     * (row weight {@code classWeight[label]}; sum of weighted losses over sum of weights), in
     * double precision with the stable form max(z, 0) - z*y + log(1 + exp(-|z|)) (PyTorch's
     * BCEWithLogitsLoss).
     */
    static double meanLoss(float[] z, int[] y, int[] rows, float[] classWeight) {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < z.length; i++) {
            double zi = z[i];
            int yi = y[rows[i]];
            double w = classWeight[yi];
            sum += w * (Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi))));
            weights += w;
        }
        return sum / weights;
    }

    static double sigmoid(float z) {
        return 1.0 / (1.0 + Math.exp(-(double) z));
    }
}
