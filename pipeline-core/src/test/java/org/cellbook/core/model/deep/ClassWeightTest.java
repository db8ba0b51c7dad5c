package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * With no signal, a model's mean probability follows the training prevalence; balanced class
 * weights move it to one half (each class carries half the total loss weight).
 */
class ClassWeightTest {
    static double meanProba(Object classWeight) {
        SyntheticCdr3 noise = SyntheticCdr3.dense(400, 5, 4, 8);
        SplittableRandom rng = new SplittableRandom(2);
        int[] y = new int[noise.y().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextDouble() < 0.2 ? 1 : 0;
        }
        SyntheticCdr3 imbalanced = new SyntheticCdr3(noise.x(), y, noise.patients());
        Map<String, Object> params = new HashMap<>(Map.of("max_epochs", 15, "validation_fraction", 0.0, "batch_size", 32));
        params.put("class_weight", classWeight);
        try (FittedDeepClassifier f = new DeepClassifier(new MlpNetwork()).fit(imbalanced.training(), params, 5)) {
            return Arrays.stream(f.predictProba(noise.x())).average().orElseThrow();
        }
    }

    @Test
    void balancedWeightsCentreTheProbabilities() {
        double plain = meanProba(null);
        double balanced = meanProba("balanced");
        assertTrue(plain > 0.1 && plain < 0.3, "unweighted mean probability " + plain + " (prevalence about 0.2)");
        assertTrue(balanced > 0.4 && balanced < 0.6, "balanced mean probability " + balanced);
    }
}
