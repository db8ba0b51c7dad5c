package org.cellbook.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Index-name helpers that follow anndata exactly, so names match between Python and Java. */
public final class Names {
    private Names() {
    }

    /**
     * anndata's {@code make_index_unique(index, join="-")}: the first occurrence keeps its name,
     * later ones get "-1", "-2", ... skipping any candidate that already exists.
     */
    public static List<String> makeUnique(List<String> names) {
        Set<String> all = new HashSet<>(names);
        if (all.size() == names.size()) {
            return names;
        }
        Set<String> firstSeen = new HashSet<>();
        Map<String, Integer> counter = new HashMap<>();
        List<String> out = new ArrayList<>(names.size());
        for (String v : names) {
            if (firstSeen.add(v)) {
                out.add(v);
                continue;
            }
            while (true) {
                int c = counter.merge(v, 1, Integer::sum);
                String candidate = v + "-" + c;
                if (all.add(candidate)) {
                    out.add(candidate);
                    break;
                }
            }
        }
        return out;
    }
}
