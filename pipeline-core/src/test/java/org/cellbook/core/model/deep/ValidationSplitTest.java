package org.cellbook.core.model.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.cellbook.core.model.split.Groups;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {
    static final String[] PATIENTS = IntStream.range(0, 100).mapToObj(i -> "P" + (i % 10)).toArray(String[]::new);
    static final int[] Y = IntStream.range(0, 100).map(i -> i % 2).toArray();

    @Test
    void holdsOutWholePatientsUpToTheFraction() {
        ValidationSplit s = ValidationSplit.of(Groups.of(PATIENTS), Y, 0.25, 7);
        Set<String> trainPatients = new HashSet<>();
        for (int r : s.train()) {
            trainPatients.add(PATIENTS[r]);
        }
        for (int r : s.validation()) {
            assertFalse(trainPatients.contains(PATIENTS[r]), "patient " + PATIENTS[r] + " on both sides");
        }
        // 10 rows per patient: the first patients drawn reach 25 rows with the third.
        assertEquals(30, s.validation().length);
        assertEquals(100, s.train().length + s.validation().length);
    }

    @Test
    void dependsOnlyOnTheSeed() {
        assertArrayEquals(ValidationSplit.of(Groups.of(PATIENTS), Y, 0.2, 7).validation(),
                ValidationSplit.of(Groups.of(PATIENTS), Y, 0.2, 7).validation());
        assertFalse(java.util.Arrays.equals(ValidationSplit.of(Groups.of(PATIENTS), Y, 0.2, 7).validation(),
                ValidationSplit.of(Groups.of(PATIENTS), Y, 0.2, 8).validation()));
    }

    @Test
    void keepsAtLeastOnePatientForTraining() {
        String[] two = {"A", "A", "B", "B"};
        ValidationSplit s = ValidationSplit.of(Groups.of(two), new int[] {0, 1, 0, 1}, 0.9, 1);
        assertEquals(2, s.train().length);
        assertEquals(2, s.validation().length);
    }

    @Test
    void oneThePatientFallsBackToStratifiedRows() {
        String[] one = new String[20];
        java.util.Arrays.fill(one, "A");
        int[] y = IntStream.range(0, 20).map(i -> i < 15 ? 0 : 1).toArray();
        ValidationSplit s = ValidationSplit.of(Groups.of(one), y, 0.2, 1);
        long heldPositives = IntStream.of(s.validation()).filter(r -> y[r] == 1).count();
        assertEquals(3 + 1, s.validation().length, "ceil(0.2 * 15) negatives + ceil(0.2 * 5) positives");
        assertEquals(1, heldPositives);
        assertTrue(s.train().length == 16);
    }

    @Test
    void zeroFractionHoldsOutNothing() {
        ValidationSplit s = ValidationSplit.of(Groups.of(PATIENTS), Y, 0.0, 1);
        assertFalse(s.hasValidation());
        assertEquals(100, s.train().length);
    }
}
