package org.cellbook.core.model.deep;

import ai.djl.nn.Block;
import java.util.Map;
import org.cellbook.core.model.classifiers.Params;

/**
 * A network architecture: its family name, its own hyperparameters and how to build an untrained
 * DJL block from them. Every block maps a batch of rows {@code [batch, inputWidth]} to one logit
 * per row {@code [batch, 1]}; {@link DeepClassifier} adds the training and the sigmoid.
 */
public interface Network {
    /** The family name in model specs, e.g. "bilstm". */
    String family();

    /** Architecture hyperparameters (keys and defaults), in addition to {@link TrainingSettings#defaults()}. */
    Map<String, Object> defaults();

    /**
     * A new untrained block for rows of {@code inputWidth} features.
     *
     * @throws org.cellbook.core.BadInputException for invalid parameters or an input width the
     *         architecture cannot take (e.g. not a multiple of 20 for a sequence model)
     */
    Block build(int inputWidth, Params params);

    static double dropout(Params p, String family) {
        double d = p.dbl("dropout");
        if (!(d >= 0 && d < 1)) {
            throw org.cellbook.core.BadInputException.parameter(family + ".dropout", "got " + d + ", expected a number in [0, 1)",
                    "use e.g. 0.1, or 0 for no dropout");
        }
        return d;
    }
}
