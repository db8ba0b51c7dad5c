package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.classifiers.Classifiers;
import org.cellbook.core.model.search.SearchSpace;
import org.junit.jupiter.api.Test;

/** Bad hyperparameters and inputs are rejected before any training, naming the parameter. */
class DeepParamsTest {
    static final SyntheticCdr3 SEQ = SyntheticCdr3.sequences(20, 5, 6, 2, 1);

    static BadInputException fails(String family, SyntheticCdr3 data, Map<String, Object> params) {
        return assertThrows(BadInputException.class, () -> Classifiers.byFamily(family).fit(data.training(), params, 1));
    }

    static String param(String name) {
        return BadInputException.parameter(name, "", "").where();
    }

    @Test
    void unknownHyperparameter() {
        assertEquals(param("mlp.epochs"), fails("mlp", SEQ, Map.of("epochs", 3)).where());
    }

    @Test
    void sequenceWidthNotAMultipleOf20() {
        BadInputException e = fails("bilstm", SyntheticCdr3.dense(20, 7, 2, 1), Map.of());
        assertEquals(param("bilstm input"), e.where());
        assertTrue(e.getMessage().contains("7 columns"), e.getMessage());
    }

    @Test
    void dropoutOutOfRange() {
        assertEquals(param("cnn1d.dropout"), fails("cnn1d", SEQ, Map.of("dropout", 1.0)).where());
    }

    @Test
    void headsNotDividingModelWidth() {
        assertEquals(param("transformer.n_heads"), fails("transformer", SEQ, Map.of("d_model", 30, "n_heads", 4)).where());
    }

    @Test
    void validationFractionOfOne() {
        assertEquals(param("mlp.validation_fraction"), fails("mlp", SEQ, Map.of("validation_fraction", 1.0)).where());
    }

    @Test
    void nonPositiveBatchSize() {
        assertEquals(param("mlp.batch_size"), fails("mlp", SEQ, Map.of("batch_size", 0)).where());
    }

    @Test
    void nonPositiveLearningRate() {
        assertEquals(param("mlp.learning_rate"), fails("mlp", SEQ, Map.of("learning_rate", 0.0)).where());
    }

    @Test
    void unknownClassWeight() {
        assertEquals(param("bilstm.class_weight"), fails("bilstm", SEQ, Map.of("class_weight", "auto")).where());
    }

    @Test
    void noRows() {
        SyntheticCdr3 empty = new SyntheticCdr3(new double[0][], new int[0], new String[0]);
        assertEquals(param("mlp training data"), fails("mlp", empty, Map.of()).where());
    }

    @Test
    void unknownSearchSpaceFamily() {
        assertThrows(BadInputException.class, () -> DeepSearchSpaces.grid32("logreg"));
    }

    @Test
    void defaultGridsHave32CandidatesOfKnownParameters() {
        for (DeepClassifier c : DeepClassifier.all()) {
            SearchSpace s = DeepSearchSpaces.grid32(c.family());
            assertEquals(32, s.candidates(1).size(), c.family());
            assertTrue(c.defaults().keySet().containsAll(s.params().keySet()), c.family() + " grid names " + s.params().keySet());
        }
    }
}
