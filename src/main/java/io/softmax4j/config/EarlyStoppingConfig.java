package io.softmax4j.config;

/**
 * Stops a run when the monitored accuracy (the validation accuracy when the data has a
 * validation split, otherwise the test accuracy) has not improved for {@code patience} epochs;
 * the model written is the best epoch's. Absent from the config = no early stopping.
 *
 * @param patience epochs without improvement before stopping
 * @param minDelta how much the accuracy must rise to count as an improvement
 */
public record EarlyStoppingConfig(Integer patience, Double minDelta) {
    public EarlyStoppingConfig {
        patience = patience == null ? 3 : Check.positive("training.earlyStopping.patience", patience, 100_000);
        minDelta = minDelta == null ? 0.0 : Check.closedRange("training.earlyStopping.minDelta", minDelta, 0, 1);
    }
}
