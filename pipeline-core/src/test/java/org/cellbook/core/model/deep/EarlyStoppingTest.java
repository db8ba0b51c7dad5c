package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    /**
     * Pure noise (permuted labels), a wide network and a high learning rate: training loss falls
     * while validation loss rises, so training must stop long before max_epochs, {@code patience}
     * epochs after the best one, and keep the best epoch's weights.
     */
    @Test
    void stopsWhenValidationLossStopsImprovingAndRestoresBestWeights() {
        SyntheticCdr3 data = SyntheticCdr3.dense(400, 30, 5, 9).shuffledLabels(1);
        Map<String, Object> params = Map.of("max_epochs", 200, "patience", 4, "learning_rate", 0.01, "hidden_units", 128,
                "dropout", 0.0, "batch_size", 32);
        try (FittedDeepClassifier f = new DeepClassifier(new MlpNetwork()).fit(data.training(), params, 3)) {
            TrainingHistory h = f.history();
            assertTrue(h.stoppedEarly(), "stopped early");
            assertTrue(h.epochsRun() < 200, "epochs run " + h.epochsRun());
            assertEquals(h.bestEpoch() + 4, h.epochsRun(), "stops exactly patience epochs after the best one");
            double last = h.validationLoss()[h.epochsRun() - 1];
            assertTrue(last > h.bestValidationLoss(), "the last epoch was worse than the best");
            // The kept weights are the best epoch's: recomputing their validation loss gives the recorded best, not the last.
            assertEquals(h.bestValidationLoss(), f.meanLoss(data.x(), data.y(), h.validationRows()), 1e-12);
        }
    }

    @Test
    void withoutValidationTrainsEveryEpoch() {
        SyntheticCdr3 data = SyntheticCdr3.dense(200, 5, 4, 2);
        Map<String, Object> params = Map.of("max_epochs", 7, "validation_fraction", 0.0);
        try (FittedDeepClassifier f = new DeepClassifier(new MlpNetwork()).fit(data.training(), params, 3)) {
            TrainingHistory h = f.history();
            assertEquals(7, h.epochsRun());
            assertEquals(7, h.bestEpoch());
            assertEquals(0, h.validationLoss().length);
            assertEquals(7, h.trainLoss().length);
        }
    }

    @Test
    void learningRowsLowerTheTrainingLoss() {
        SyntheticCdr3 data = SyntheticCdr3.sequences(300, 8, 10, 5, 4);
        Map<String, Object> params = Map.of("max_epochs", 8, "validation_fraction", 0.0, "batch_size", 32);
        try (FittedDeepClassifier f = new DeepClassifier(new Cnn1dNetwork()).fit(data.training(), params, 3)) {
            double[] loss = f.history().trainLoss();
            assertTrue(loss[loss.length - 1] < loss[0] - 0.1, "training loss per epoch " + java.util.Arrays.toString(loss));
        }
    }
}
