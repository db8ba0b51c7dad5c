package org.cellbook.core.model.classifiers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cellbook.core.BadInputException;

/**
 * Typed access to a classifier's hyperparameters, with its defaults filled in and unknown keys rejected.
 * Public so model families in other packages ({@code org.cellbook.core.model.deep}) validate
 * their parameters the same way.
 */
public final class Params {
    private final String family;
    private final Map<String, Object> values;

    public Params(String family, Map<String, Object> defaults, Map<String, Object> given) {
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

    public double dbl(String key) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw bad(key, v, "a number");
    }

    public int integer(String key) {
        Object v = values.get(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw bad(key, v, "an integer");
    }

    /** An integer, or -1 when the value is null ("no limit", sklearn's None). */
    public int intOrNone(String key) {
        return values.get(key) == null ? -1 : integer(key);
    }

    public Object raw(String key) {
        return values.get(key);
    }

    public double positive(String key) {
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
