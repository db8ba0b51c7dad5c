package org.cellbook.core.model.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FoldCodeWarmupTest {
    @Test
    void everySyntheticTaskFitsBothFamiliesToTheEnd() {
        List<FoldResult> results = FoldCodeWarmup.run(1);
        // 8 patients x (logreg, random_forest); a skipped task would leave its code cold.
        assertEquals(16, results.size());
        for (FoldResult r : results) {
            assertEquals(FoldResult.OK, r.status(), r.taskId() + ": " + r.reason());
        }
        Set<String> models = results.stream().map(r -> r.taskId().split("/")[1]).collect(Collectors.toSet());
        assertEquals(Set.of("logreg", "random_forest"), models);
    }
}
