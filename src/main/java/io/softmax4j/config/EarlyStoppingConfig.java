package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Stops a run when the validation accuracy has not improved for {@code patience} epochs; the
 * model written is the best epoch's. Absent from the config = no early stopping. Choosing an
 * epoch by the test set would make the reported test figures optimistic, so early stopping always
 * has a validation split: {@code data.validation}, or {@link #DEFAULT_VALIDATION} of the training
 * set when that is 0 (see {@link RunConfig}).
 *
 * @param patience epochs without improvement before stopping
 * @param minDelta how much the accuracy must rise to count as an improvement
 */
public record EarlyStoppingConfig(int patience, double minDelta) {
    /** The fraction of the training set held out for early stopping when {@code data.validation} is 0. */
    public static final double DEFAULT_VALIDATION = 0.1;

    public EarlyStoppingConfig {
        Check.positive("training.earlyStopping.patience", patience, 100_000);
        Check.closedRange("training.earlyStopping.minDelta", minDelta, 0, 1);
    }

    /** The early-stopping config as written in YAML; {@code null} means the default. */
    @JsonCreator
    public static EarlyStoppingConfig of(@JsonProperty("patience") Integer patience, @JsonProperty("minDelta") Double minDelta) {
        return new EarlyStoppingConfig(patience == null ? 3 : patience, minDelta == null ? 0.0 : minDelta);
    }
}
