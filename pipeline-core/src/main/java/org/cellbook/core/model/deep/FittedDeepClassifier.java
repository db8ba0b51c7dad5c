package org.cellbook.core.model.deep;

import ai.djl.Model;
import org.cellbook.core.model.classifiers.FittedClassifier;

/** A trained deep model; {@link #close} frees its native tensors. Predictions run under {@link DeepEngine#exclusive}. */
public final class FittedDeepClassifier implements FittedClassifier {
    private final Model model;
    private final int width;
    private final TrainingHistory history;
    private final float[] classWeight;

    FittedDeepClassifier(Model model, int width, TrainingHistory history, float[] classWeight) {
        this.model = model;
        this.width = width;
        this.history = history;
        this.classWeight = classWeight;
    }

    public TrainingHistory history() {
        return history;
    }

    @Override
    public double[] predictProba(double[][] x) {
        float[] flat = Batches.flatten(x, width, model.getName());
        return DeepEngine.exclusive(() -> {
            float[] z = Logits.of(model.getBlock(), model.getNDManager(), flat, width, null);
            double[] p = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                p[i] = Logits.sigmoid(z[i]);
            }
            return p;
        });
    }

    /** Mean binary cross-entropy (class-weighted as in training) on some rows of {@code x}, for checking the kept weights. */
    public double meanLoss(double[][] x, int[] y, int[] rows) {
        float[] flat = Batches.flatten(x, width, model.getName());
        return DeepEngine.exclusive(() -> Logits.meanLoss(Logits.of(model.getBlock(), model.getNDManager(), flat, width, rows), y, rows, classWeight));
    }

    @Override
    public void close() {
        DeepEngine.exclusive(() -> {
            model.close();
            return null;
        });
    }
}
