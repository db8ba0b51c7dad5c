package org.cellbook.core.model.cv;

import org.cellbook.core.model.search.SearchSpace;

/** A model and the hyperparameter search to run for it. */
public record ModelPlan(ModelSpec model, SearchSpace search) {
}
