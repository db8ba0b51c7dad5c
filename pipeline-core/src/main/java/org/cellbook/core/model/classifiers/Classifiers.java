package org.cellbook.core.model.classifiers;

import java.util.List;
import java.util.stream.Stream;
import org.cellbook.core.BadInputException;
import org.cellbook.core.model.deep.DeepClassifier;

/**
 * The model families by name, for model specs that are plain data: the classic ones and the deep
 * ones ({@link DeepClassifier#all()}: mlp, cnn1d, bilstm, transformer).
 */
public final class Classifiers {
    private static final List<Classifier> ALL = Stream.concat(
            Stream.of(new LogisticRegressionL2(), new RandomForestHist(), new XGBoostTrees(), new LinearSvm()),
            DeepClassifier.all().stream()).toList();

    private Classifiers() {
    }

    /** Every family name {@link #byFamily} knows. */
    public static java.util.List<String> families() {
        return ALL.stream().map(Classifier::family).toList();
    }

    public static Classifier byFamily(String family) {
        for (Classifier c : ALL) {
            if (c.family().equals(family)) {
                return c;
            }
        }
        throw BadInputException.parameter("model family", "unknown family '" + family + "'",
                "use one of " + ALL.stream().map(Classifier::family).toList());
    }
}
