package org.cellbook.core.model.cv;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@link FoldTask}. A skipped task ({@code status = "skipped"}) has a reason,
 * no parameters and no probabilities; it is reported, never silently dropped.
 *
 * @param bestParams the chosen candidate merged over the fixed parameters
 * @param innerAuc the chosen candidate's mean inner ROC-AUC
 * @param candidateAucs every candidate's mean inner ROC-AUC, in candidate order (NaN where undefined)
 * @param proba probability of class 1 for {@code testRows}, in that order
 */
public record FoldResult(String taskId, String status, String reason, Map<String, Object> bestParams, double innerAuc,
                         double[] candidateAucs, int[] testRows, double[] proba, long fitTimeMs) {
    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";

    static FoldResult skipped(FoldTask task, String reason, long ms) {
        return new FoldResult(task.id(), SKIPPED, reason, Map.of(), Double.NaN, new double[0], task.testRows(),
                new double[0], ms);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** Probabilities bit for bit (for determinism checks). */
    public List<Long> probaBits() {
        return java.util.Arrays.stream(proba).mapToObj(Double::doubleToRawLongBits).toList();
    }
}
