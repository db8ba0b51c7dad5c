package org.cellbook.core.config;

/**
 * A config record that checks its own values after binding. {@code path} is the record's
 * dotted key (e.g. "qc"); throw {@code BadInputException.parameter(path + ".min_genes", ...)}.
 */
public interface Validated {
    void validate(String path);
}
