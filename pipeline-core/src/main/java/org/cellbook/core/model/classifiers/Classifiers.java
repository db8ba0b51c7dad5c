package org.cellbook.core.model.classifiers;

import java.util.List;
import org.cellbook.core.BadInputException;

/** The model families by name, for model specs that are plain data. */
public final class Classifiers {
    private static final List<Classifier> ALL = List.of(new LogisticRegressionL2(), new RandomForestSmile(),
            new XGBoostTrees(), new LinearSvm());

    private Classifiers() {
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
