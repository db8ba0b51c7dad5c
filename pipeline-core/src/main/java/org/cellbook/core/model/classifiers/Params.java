package org.cellbook.core.model.classifiers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.BadInputException;

/** Typed access to a classifier's hyperparameters, with its defaults filled in and unknown keys rejected. */
final class Params {
    private final String family;
    private final Map<String, Object> values;

    Params(String family, Map<String, Object> defaults, Map<String, Object> given) {
        this.family = family;
        for (String k : given.keySet()) {
            if (!defaults.containsKey(k)) {
                throw BadInputException.parameter(family + "." + k, "unknown hyperparameter",
                        "use one of " + defaults.keySet());
            }
        }
        this.values = new LinkedHashMap<>(defaults);
        this.values.putAll(given);
    }

    double dbl(String key) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw bad(key, v, "a number");
    }

    int integer(String key) {
        Object v = values.get(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw bad(key, v, "an integer");
    }

    /** An integer, or -1 when the value is null ("no limit", sklearn's None). */
    int intOrNone(String key) {
        return values.get(key) == null ? -1 : integer(key);
    }

    Object raw(String key) {
        return values.get(key);
    }

    double positive(String key) {
        double d = dbl(key);
        if (!(d > 0)) {
            throw bad(key, d, "a positive number");
        }
        return d;
    }

    private BadInputException bad(String key, Object v, String expected) {
        return BadInputException.parameter(family + "." + key, "got " + v + ", expected " + expected, "fix the search space");
    }
}
