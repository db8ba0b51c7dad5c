package org.cellbook.core.model.cv;

import org.cellbook.core.model.search.SearchSpace;

/**
 * One unit of work: an outer fold of one feature set for one model and search space. Plain data
 * (ids, parameters, row indices into the feature set, a seed), so it can be keyed by a cache
 * ({@link TaskCodec#cacheKey}) and shipped as bytes ({@link TaskCodec#toBytes}); the feature
 * matrix itself is passed to the executor separately.
 *
 * @param id unique, readable: {@code featureSet/model/fold-03-P5}
 * @param seed {@link TaskSeeds#derive}(global seed, id)
 * @param searchSeed seed of the candidate draw, shared by all folds of a (feature set, model)
 *                   so every fold searches the same candidates
 * @param innerSplitter "stratified_group_kfold" or "group_kfold"
 * @param trainRows outer training rows (feature-set row positions, ascending)
 * @param testRows the held-out patient's rows
 */
public record FoldTask(String id, long seed, long searchSeed, String featureSet, ModelSpec model, SearchSpace search,
                       String innerSplitter, int innerSplits, int outerFold, String heldOutGroup,
                       int[] trainRows, int[] testRows) {
}
