package org.cellbook.core.model.deep;

/**
 * What happened while a deep model trained, for reports and tests.
 *
 * @param epochsRun epochs actually trained (at most max_epochs)
 * @param bestEpoch 1-based epoch whose weights the model kept: the lowest validation loss, or the
 *                  last epoch when there was no validation split
 * @param stoppedEarly true when patience ran out before max_epochs
 * @param trainLoss mean training loss (binary cross-entropy, class-weighted if balanced, dropout on) per epoch
 * @param validationLoss mean validation loss per epoch (empty without a validation split)
 * @param validationRows the held-out rows (positions in the training data), ascending
 */
public record TrainingHistory(int epochsRun, int bestEpoch, boolean stoppedEarly, double[] trainLoss,
                              double[] validationLoss, int[] validationRows) {
    /** The validation loss of the kept weights (NaN without a validation split). */
    public double bestValidationLoss() {
        return validationLoss.length == 0 ? Double.NaN : validationLoss[bestEpoch - 1];
    }
}
