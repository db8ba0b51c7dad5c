package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Same seed, bit-identical probabilities; another seed, other probabilities. */
class DeepDeterminismTest {
    static final Map<String, Object> SHORT = Map.of("max_epochs", 3, "batch_size", 32, "dropout", 0.3);

    static long[] probaBits(String family, long seed) {
        SyntheticCdr3 train = family.equals("mlp") ? SyntheticCdr3.dense(300, 10, 5, 3) : SyntheticCdr3.sequences(300, 8, 10, 5, 3);
        DeepClassifier c = new DeepClassifier(DeepModelsLearnTest.network(family));
        try (FittedDeepClassifier f = c.fit(train.training(), SHORT, seed)) {
            return Arrays.stream(f.predictProba(train.x())).mapToLong(Double::doubleToRawLongBits).toArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn1d", "bilstm", "transformer"})
    void sameSeedSameBits(String family) {
        assertArrayEquals(probaBits(family, 42), probaBits(family, 42), family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn1d", "bilstm", "transformer"})
    void otherSeedOtherProbabilities(String family) {
        assertFalse(Arrays.equals(probaBits(family, 42), probaBits(family, 43)), family);
    }
}
