package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cellbook.core.model.metrics.BinaryMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each architecture finds a planted signal on held-out data, and finds nothing when the labels are shuffled. */
class DeepModelsLearnTest {
    static final Map<String, Object> FAST = Map.of("max_epochs", 25, "patience", 3, "batch_size", 32);

    static SyntheticCdr3 train(String family) {
        return family.equals("mlp") ? SyntheticCdr3.dense(600, 10, 6, 1) : SyntheticCdr3.sequences(600, 8, 10, 6, 1);
    }

    static SyntheticCdr3 heldOut(String family) {
        return family.equals("mlp") ? SyntheticCdr3.dense(300, 10, 3, 2) : SyntheticCdr3.sequences(300, 8, 10, 3, 2);
    }

    static double heldOutAuc(FittedDeepClassifier f, SyntheticCdr3 test) {
        return BinaryMetrics.rocAuc(test.y(), f.predictProba(test.x()));
    }

    static FittedDeepClassifier fit(String family, SyntheticCdr3 train) {
        return new DeepClassifier(network(family)).fit(train.training(), FAST, 11);
    }

    static Network network(String family) {
        return DeepClassifier.all().stream().filter(c -> c.family().equals(family)).findFirst().orElseThrow().network();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn1d", "bilstm", "transformer"})
    void learnsPlantedSignal(String family) {
        try (FittedDeepClassifier f = fit(family, train(family))) {
            double auc = heldOutAuc(f, heldOut(family));
            assertTrue(auc > 0.85, family + " held-out ROC-AUC " + auc);
        }
    }

    /**
     * Trained on permuted labels, a model has nothing that generalises to other patients: its
     * best validation loss stays near ln 2 (a leak of validation rows into training would push it
     * down) and its held-out ROC-AUC against held-out labels permuted likewise is near 0.5. (The
     * held-out TRUE labels are not used: the motif separates them perfectly, so the small chance
     * correlation between motif and permuted training labels would show up amplified, with a
     * random sign, as an AUC far from 0.5 either way.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn1d", "bilstm", "transformer"})
    void shuffledLabelsGiveChance(String family) {
        try (FittedDeepClassifier f = fit(family, train(family).shuffledLabels(5))) {
            double valLoss = f.history().bestValidationLoss();
            assertTrue(valLoss > 0.66, family + " best validation loss with permuted labels " + valLoss + " (ln 2 = 0.693)");
            double auc = heldOutAuc(f, heldOut(family).shuffledLabels(6));
            assertTrue(Math.abs(auc - 0.5) < 0.1, family + " held-out ROC-AUC with permuted labels " + auc);
        }
    }
}
