package io.softmax4j.training;

/**
 * One epoch's figures.
 *
 * @param epoch         1-based epoch number
 * @param loss          mean cross-entropy per training example over the epoch (batches as trained)
 * @param trainAccuracy accuracy on the training batches as they were trained (before each update)
 * @param testAccuracy  accuracy on the test set at the end of the epoch
 * @param seconds       wall time of the epoch, training and test evaluation
 */
public record EpochMetrics(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds) {

    /** The epoch line, in the reference's spirit. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "epoch %d, loss %.4f, train acc %.3f, test acc %.3f, %.1f s",
                epoch, loss, trainAccuracy, testAccuracy, seconds);
    }
}
