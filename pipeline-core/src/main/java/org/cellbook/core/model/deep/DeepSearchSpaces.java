package org.cellbook.core.model.deep;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.search.ParamDistribution;
import org.cellbook.core.model.search.SearchSpace;

/**
 * Default grids for the deep families: five hyperparameters with two values each, 32 candidates
 * per architecture. Epochs are not searched: max_epochs is an upper bound and early stopping
 * picks the epoch on the validation split.
 */
public final class DeepSearchSpaces {
    private DeepSearchSpaces() {
    }

    public static SearchSpace grid32(String family) {
        Map<String, ParamDistribution> m = new LinkedHashMap<>();
        m.put("learning_rate", ParamDistribution.Choice.of(1e-3, 3e-4));
        m.put("batch_size", ParamDistribution.Choice.of(64, 256));
        m.put("dropout", ParamDistribution.Choice.of(0.1, 0.3));
        switch (family) {
            case "mlp" -> {
                m.put("hidden_units", ParamDistribution.Choice.of(64, 128));
                m.put("n_layers", ParamDistribution.Choice.of(1, 2));
            }
            case "cnn1d" -> {
                m.put("filters", ParamDistribution.Choice.of(32, 64));
                m.put("kernel_size", ParamDistribution.Choice.of(3, 5));
            }
            case "bilstm" -> {
                m.put("hidden_units", ParamDistribution.Choice.of(16, 32));
                m.put("patience", ParamDistribution.Choice.of(3, 6));
            }
            case "transformer" -> {
                m.put("d_model", ParamDistribution.Choice.of(32, 64));
                m.put("n_layers", ParamDistribution.Choice.of(1, 2));
            }
            default -> throw BadInputException.parameter("model family", "no deep search space for '" + family + "'",
                    "use mlp, cnn1d, bilstm or transformer");
        }
        return SearchSpace.grid(m);
    }
}
