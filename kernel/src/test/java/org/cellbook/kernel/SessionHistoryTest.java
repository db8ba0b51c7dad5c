package org.cellbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionHistoryTest {
    private static SessionHistory history() {
        SessionHistory h = new SessionHistory();
        h.add(1, "6 * 7", "42");
        h.add(2, "int x = 1;", null);
        h.add(3, "6 * 7", "42");
        h.add(4, "6 + 7", "13");
        return h;
    }

    @Test
    void tailRangeAndSearch() {
        SessionHistory h = history();
        assertEquals(List.of(List.of(1, 3, "6 * 7"), List.of(1, 4, "6 + 7")), h.tail(2, false));
        assertEquals(List.of(List.of(1, 2, List.of("int x = 1;", ""))), h.range(1, 2, 3, true));
        assertEquals(List.of(), h.range(7, 1, 5, false));
        assertEquals(3, h.search("6 ? 7", 0, false, false).size());
        assertEquals(List.of(List.of(1, 3, "6 * 7"), List.of(1, 4, "6 + 7")), h.search("6 ? 7", 0, true, false));
        assertEquals(List.of(List.of(1, 4, "6 + 7")), h.search("6*", 1, false, false));
    }
}
