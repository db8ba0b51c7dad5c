package org.cellbook.core.model.features;

import java.util.Map;

/**
 * Something fitted to data that must be fitted inside a cross-validation fold, on the fold's
 * training rows only (scalers, SVD, k-mer vocabularies), then applied to both the training and
 * the test rows. A feature set carries a chain of these; the fold runner fits them afresh for
 * every inner and outer training part, which is what keeps test rows out of every fitted value.
 *
 * <p>Implementations are plain data (a name and parameters, see {@link #describe}) so a task
 * that names them can be cached and shipped to another process.
 */
public interface FoldTransform {
    /** Name and parameters, e.g. {@code {"transform": "standard_scaler"}}; part of cache keys. */
    Map<String, Object> describe();

    /**
     * Fits on the training rows.
     *
     * @param x the training rows' current features (after earlier transforms); do not modify
     * @param cells the training rows' positions in the source AnnData, for transforms that need
     *              more than the matrix (e.g. sequences for a k-mer vocabulary)
     */
    Fitted fit(double[][] x, int[] cells);

    /** A transform fitted on one training part. */
    interface Fitted {
        /** New arrays with the transformed rows (the input is not modified). */
        double[][] apply(double[][] x, int[] cells);

        /**
         * The same values as {@link #apply}, allowed to overwrite {@code x} (which the caller owns
         * and no longer needs) and return it: the fold runner's training and test copies are its
         * own, and one less copy of an outer training part is ~20 MB per fit at 70,000 cells.
         */
        default double[][] applyInPlace(double[][] x, int[] cells) {
            return apply(x, cells);
        }
    }
}
