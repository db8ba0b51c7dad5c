package org.cellbook.core.model.deep;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.classifiers.Params;

/**
 * How a deep model is trained; every field is a hyperparameter, so a search space can vary it.
 *
 * @param maxEpochs passes over the training rows at most
 * @param patience epochs without a lower validation loss before training stops (the weights of
 *                 the best epoch are then restored)
 * @param batchSize rows per Adam step (the last batch of an epoch may be smaller)
 * @param learningRate Adam's step size (other Adam settings are DJL's defaults: beta1 0.9,
 *                     beta2 0.999, epsilon 1e-8, no weight decay)
 * @param validationFraction share of the training rows held out for early stopping, as whole
 *                           patients ({@link ValidationSplit}); 0 trains {@code maxEpochs} epochs
 *                           with no early stopping
 * @param balanced {@code class_weight="balanced"}: each row's loss weighted by
 *                 {@code n / (2 * n_class)} (sklearn's compute_class_weight over the rows passed
 *                 to fit), in training and in the validation loss; null (default) weighs all rows 1.
 *                 Like the classic models' option, it keeps a leave-one-patient-out refit from
 *                 leaning against the held-out patient's class.
 */
public record TrainingSettings(int maxEpochs, int patience, int batchSize, double learningRate,
                               double validationFraction, boolean balanced) {
    /** Keys and defaults of the training hyperparameters every deep family shares. */
    public static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_epochs", 50);
        m.put("patience", 5);
        m.put("batch_size", 64);
        m.put("learning_rate", 1e-3);
        m.put("validation_fraction", 0.2);
        m.put("class_weight", null);
        return m;
    }

    static TrainingSettings from(Params p, String family) {
        int epochs = atLeast(p, family, "max_epochs", 1);
        int patience = atLeast(p, family, "patience", 1);
        int batch = atLeast(p, family, "batch_size", 1);
        double lr = p.positive("learning_rate");
        double vf = p.dbl("validation_fraction");
        if (!(vf >= 0 && vf < 1)) {
            throw BadInputException.parameter(family + ".validation_fraction", "got " + vf + ", expected a number in [0, 1)",
                    "use e.g. 0.2, or 0 to train max_epochs epochs without early stopping");
        }
        Object cw = p.raw("class_weight");
        if (cw != null && !"balanced".equals(cw)) {
            throw BadInputException.parameter(family + ".class_weight", "got " + cw, "use null or \"balanced\"");
        }
        return new TrainingSettings(epochs, patience, batch, lr, vf, cw != null);
    }

    /** Loss weight of class 0 and class 1 for labels {@code y}: {1, 1}, or balanced. */
    float[] classWeights(int[] y) {
        if (!balanced) {
            return new float[] {1f, 1f};
        }
        long pos = java.util.Arrays.stream(y).filter(v -> v == 1).count();
        long neg = y.length - pos;
        // A class absent from y gets weight 0 (it has no rows to weigh).
        return new float[] {neg == 0 ? 0f : (float) (y.length / (2.0 * neg)), pos == 0 ? 0f : (float) (y.length / (2.0 * pos))};
    }

    static int atLeast(Params p, String family, String key, int min) {
        int v = p.integer(key);
        if (v < min) {
            throw BadInputException.parameter(family + "." + key, "got " + v + ", expected at least " + min, "fix the search space");
        }
        return v;
    }
}
