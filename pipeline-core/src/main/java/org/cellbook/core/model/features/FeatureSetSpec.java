package org.cellbook.core.model.features;

import java.util.List;

/**
 * How to assemble a feature set from an AnnData.
 *
 * @param name the set's name in results, e.g. "gene_pca+tra_kmer_svd"
 * @param obsmKeys obsm matrices concatenated column-wise, in this order
 * @param requiredObs obs columns a cell must have to be included (boolean columns must be true,
 *                    other columns non-missing and non-empty), e.g. "has_TRB"
 * @param transforms fitted inside each fold on the training rows only
 */
public record FeatureSetSpec(String name, List<String> obsmKeys, List<String> requiredObs, List<FoldTransform> transforms) {
    public FeatureSetSpec {
        obsmKeys = List.copyOf(obsmKeys);
        requiredObs = List.copyOf(requiredObs);
        transforms = List.copyOf(transforms);
    }
}
