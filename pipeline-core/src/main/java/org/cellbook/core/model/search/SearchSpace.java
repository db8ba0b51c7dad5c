package org.cellbook.core.model.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cellbook.core.BadInputException;

/**
 * A hyperparameter search: a grid (every combination of {@link ParamDistribution.Choice} lists)
 * or {@code nIter} random draws. Like scikit-learn's ParameterGrid / ParameterSampler, parameter
 * names are taken in sorted order (the last name varies fastest in a grid), and a random search
 * over lists only draws grid points without replacement (all of them when the grid is smaller
 * than nIter). The random stream is Java's SplittableRandom, so the candidates are not those
 * sklearn would draw for the same seed.
 *
 * @param kind "grid" or "random"
 * @param nIter draws for a random search (ignored for a grid)
 * @param params name to distribution
 */
public record SearchSpace(String kind, int nIter, Map<String, ParamDistribution> params) {
    public SearchSpace {
        if (!kind.equals("grid") && !kind.equals("random")) {
            throw BadInputException.parameter("search.kind", "unknown kind '" + kind + "'", "use grid or random");
        }
        params = new TreeMap<>(params);
        if (kind.equals("grid") && !params.values().stream().allMatch(d -> d instanceof ParamDistribution.Choice)) {
            throw BadInputException.parameter("search.params", "a grid search needs lists of values, got " + params,
                    "use a random search for ranges and log-uniform distributions");
        }
        if (kind.equals("random") && nIter < 1) {
            throw BadInputException.parameter("search.n_iter", "must be at least 1, got " + nIter, "set n_iter");
        }
    }

    public static SearchSpace grid(Map<String, ParamDistribution> params) {
        return new SearchSpace("grid", 0, params);
    }

    public static SearchSpace random(int nIter, Map<String, ParamDistribution> params) {
        return new SearchSpace("random", nIter, params);
    }

    /** No search: the model's defaults (plus fixed parameters) only. */
    public static SearchSpace none() {
        return grid(Map.of());
    }

    /** The candidate parameter sets, in a fixed order determined by the space and the seed. */
    public List<Map<String, Object>> candidates(long seed) {
        boolean allLists = params.values().stream().allMatch(d -> d instanceof ParamDistribution.Choice);
        if (kind.equals("grid")) {
            return grid();
        }
        SplittableRandom rng = new SplittableRandom(seed);
        if (allLists) {
            List<Map<String, Object>> all = grid();
            if (all.size() <= nIter) {
                return all;
            }
            // Partial Fisher-Yates: nIter distinct grid points.
            int[] idx = new int[all.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            List<Map<String, Object>> out = new ArrayList<>(nIter);
            for (int i = 0; i < nIter; i++) {
                int j = i + rng.nextInt(idx.length - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                out.add(all.get(idx[i]));
            }
            return out;
        }
        List<Map<String, Object>> out = new ArrayList<>(nIter);
        for (int i = 0; i < nIter; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            params.forEach((k, d) -> c.put(k, d.sample(rng)));
            out.add(java.util.Collections.unmodifiableMap(c));
        }
        return out;
    }

    private List<Map<String, Object>> grid() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, ParamDistribution> e : params.entrySet()) {
            List<Object> values = ((ParamDistribution.Choice) e.getValue()).values();
            List<Map<String, Object>> next = new ArrayList<>(out.size() * values.size());
            for (Map<String, Object> partial : out) {
                for (Object v : values) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out.stream().map(java.util.Collections::unmodifiableMap).toList();
    }
}
