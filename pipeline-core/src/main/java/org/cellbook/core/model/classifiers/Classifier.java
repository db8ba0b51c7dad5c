package org.cellbook.core.model.classifiers;

import java.util.Map;

/**
 * A model family: fits a binary classifier from training data, hyperparameters and a seed.
 * Implementations are stateless and safe to share between threads; every source of randomness
 * inside {@code fit} is derived from {@code seed}, and a fit uses one thread (the fold executor
 * is the only parallelism). Deep models ({@code org.cellbook.core.model.deep}) take their epochs,
 * early-stopping patience and validation fraction as hyperparameters, use
 * {@link TrainingData#groups()} for a patient-level validation split, and read sequences from the
 * dense rows (one-hot, position-major); their fits additionally queue on one JVM-wide lock.
 */
public interface Classifier {
    /** The family name used in model specs and results, e.g. "logreg". */
    String family();

    /** Hyperparameters used when a search space does not set them. */
    Map<String, Object> defaults();

    /**
     * Fits on {@code data}; {@code params} holds values for some of {@link #defaults()}' keys.
     *
     * @throws org.cellbook.core.BadInputException for an unknown or invalid parameter
     */
    FittedClassifier fit(TrainingData data, Map<String, Object> params, long seed);

    /**
     * Whether fits get faster from a {@link TrainingData#order()} (families that bin features);
     * the fold runner computes one only then. Results never depend on it.
     */
    default boolean usesColumnOrder() {
        return false;
    }

    /**
     * A fitter for many candidates on the same {@code data} (the fold runner uses one per inner
     * split). The default fits from scratch each time; families with per-data work override it.
     */
    default DataFitter fitter(TrainingData data) {
        return (params, seed) -> fit(data, params, seed);
    }
}
