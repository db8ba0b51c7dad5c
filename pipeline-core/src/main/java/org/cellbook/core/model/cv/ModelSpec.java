package org.cellbook.core.model.cv;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model to evaluate: its name in results, its family ({@link
 * org.cellbook.core.model.classifiers.Classifiers#byFamily}) and parameters fixed for every
 * candidate (a search candidate's values override them).
 */
public record ModelSpec(String name, String family, Map<String, Object> fixedParams) {
    public ModelSpec {
        fixedParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixedParams));
    }

    public static ModelSpec of(String family) {
        return new ModelSpec(family, family, Map.of());
    }
}
