package org.cellbook.core.model.classifiers;

/** A fitted binary classifier; {@link #close} frees native resources (XGBoost, later DJL). */
public interface FittedClassifier extends AutoCloseable {
    /** Probability of class 1 for each row. */
    double[] predictProba(double[][] x);

    @Override
    default void close() {
    }
}
