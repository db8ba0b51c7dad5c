package org.cellbook.core.model.search;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cellbook.core.BadInputException;

/**
 * Where one hyperparameter's candidate values come from. Plain data (JSON with a "type" field)
 * so search spaces travel inside fold tasks.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ParamDistribution.Choice.class, name = "choice"),
        @JsonSubTypes.Type(value = ParamDistribution.IntRange.class, name = "int_range"),
        @JsonSubTypes.Type(value = ParamDistribution.Uniform.class, name = "uniform"),
        @JsonSubTypes.Type(value = ParamDistribution.LogUniform.class, name = "log_uniform")})
public sealed interface ParamDistribution {
    Object sample(SplittableRandom rng);

    /** A list of values (numbers, strings, null); grid search enumerates it, random search picks uniformly. */
    record Choice(List<Object> values) implements ParamDistribution {
        public Choice {
            if (values == null || values.isEmpty()) {
                throw BadInputException.parameter("search space", "a choice needs at least one value", "list the values to try");
            }
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values)); // allows null (sklearn's None)
        }

        public static Choice of(Object... values) {
            return new Choice(java.util.Arrays.asList(values));
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return values.get(rng.nextInt(values.size()));
        }
    }

    /** Integers uniform in [low, high), like scipy's {@code randint(low, high)}. */
    record IntRange(int low, int high) implements ParamDistribution {
        public IntRange {
            if (high <= low) {
                throw BadInputException.parameter("search space", "int_range needs low < high, got [" + low + ", " + high + ")", "widen the range");
            }
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return rng.nextInt(low, high);
        }
    }

    /** Doubles uniform in [low, high), like scipy's {@code uniform(low, high - low)}. */
    record Uniform(double low, double high) implements ParamDistribution {
        public Uniform {
            if (!(high > low)) {
                throw BadInputException.parameter("search space", "uniform needs low < high, got [" + low + ", " + high + ")", "widen the range");
            }
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return low + (high - low) * rng.nextDouble();
        }
    }

    /** Doubles whose logarithm is uniform in [log low, log high), like scipy's {@code loguniform(low, high)}. */
    record LogUniform(double low, double high) implements ParamDistribution {
        public LogUniform {
            if (!(low > 0 && high > low)) {
                throw BadInputException.parameter("search space", "log_uniform needs 0 < low < high, got [" + low + ", " + high + ")", "use positive bounds");
            }
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * rng.nextDouble());
        }
    }
}
