package org.cellbook.core.model.classifiers;

import java.util.Map;

/**
 * Fits many candidates of one family on the same training data, e.g. every search candidate on
 * one inner split. A family may prepare the data once (XGBoost builds its DMatrix, with the
 * histogram cuts it caches, once instead of per candidate); each fit must give exactly what
 * {@link Classifier#fit} gives for the same data, parameters and seed. {@link #close} frees what
 * was prepared; fitted classifiers stay usable after it.
 */
public interface DataFitter extends AutoCloseable {
    FittedClassifier fit(Map<String, Object> params, long seed);

    @Override
    default void close() {
    }
}
