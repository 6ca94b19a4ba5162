package io.softmax4j.metrics;

/**
 * One epoch's figures.
 *
 * @param epoch              1-based epoch number
 * @param loss               mean cross-entropy per training example over the epoch (batches as trained)
 * @param trainAccuracy      accuracy on the training batches as they were trained (before each update)
 * @param testAccuracy       accuracy on the test set at the end of the epoch
 * @param seconds            wall time of the epoch, training and evaluation
 * @param validationAccuracy accuracy on the held-out validation set at the end of the epoch, or
 *                           {@code null} when no validation set is held out ({@code data.validation: 0})
 * @param testLoss           mean cross-entropy per test example at the end of the epoch (from the same pass
 *                           as the test accuracy), or {@code null} when not measured (states saved before it was)
 * @param validationLoss     mean cross-entropy per validation example at the end of the epoch, or {@code null}
 *                           when no validation set is held out (or not measured)
 */
public record EpochMetrics(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds,
                           Double validationAccuracy, Double testLoss, Double validationLoss) {

    /** An epoch without a validation set and without held-out losses. */
    public EpochMetrics(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds) {
        this(epoch, loss, trainAccuracy, testAccuracy, seconds, null);
    }

    /** An epoch without held-out losses. */
    public EpochMetrics(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds,
                        Double validationAccuracy) {
        this(epoch, loss, trainAccuracy, testAccuracy, seconds, validationAccuracy, null, null);
    }

    /** Whether a test loss was measured. */
    public boolean hasTestLoss() {
        return testLoss != null;
    }

    /** Whether a validation loss was measured. */
    public boolean hasValidationLoss() {
        return validationLoss != null;
    }

    /** Whether a validation accuracy was measured. */
    public boolean hasValidation() {
        return validationAccuracy != null;
    }

    /** The epoch line, in the reference's spirit; {@code val acc} only when a validation set is held out. */
    public String line() {
        String val = hasValidation()
                ? String.format(java.util.Locale.ROOT, "val acc %.3f, ", validationAccuracy) : "";
        return String.format(java.util.Locale.ROOT, "epoch %d, loss %.4f, train acc %.3f, %stest acc %.3f, %.1f s",
                epoch, loss, trainAccuracy, val, testAccuracy, seconds);
    }
}
