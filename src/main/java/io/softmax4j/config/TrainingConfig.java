package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * How the network is trained.
 *
 * @param epochs  passes over the training set
 * @param seed    seeds weight initialisation and shuffling
 * @param updater the optimiser and its hyperparameters
 * @param l2      L2 weight decay coefficient (0 = none)
 * @param checkpoints   when resumable checkpoints are saved
 * @param earlyStopping stop when the monitored accuracy stops improving; {@code null} = off
 * @param maxMinutes    wall-clock limit of one invocation, checked at epoch ends; {@code null} = none
 */
public record TrainingConfig(int epochs, long seed, UpdaterConfig updater, double l2,
                             CheckpointConfig checkpoints, EarlyStoppingConfig earlyStopping, Double maxMinutes) {
    public TrainingConfig {
        Check.positive("training.epochs", epochs, 100_000);
        Objects.requireNonNull(updater, "updater");
        Check.closedRange("training.l2", l2, 0, 1);
        Objects.requireNonNull(checkpoints, "checkpoints");
        maxMinutes = maxMinutes == null ? null : Check.inRange("training.maxMinutes", maxMinutes, 0, 525_600);
    }

    /** The training config as written in YAML; {@code null} means the default. */
    @JsonCreator
    public static TrainingConfig of(@JsonProperty("epochs") Integer epochs, @JsonProperty("seed") Long seed,
                                    @JsonProperty("updater") UpdaterConfig updater, @JsonProperty("l2") Double l2,
                                    @JsonProperty("checkpoints") CheckpointConfig checkpoints,
                                    @JsonProperty("earlyStopping") EarlyStoppingConfig earlyStopping,
                                    @JsonProperty("maxMinutes") Double maxMinutes) {
        return new TrainingConfig(epochs == null ? 10 : epochs, seed == null ? 42L : seed,
                updater == null ? UpdaterConfig.Sgd.of(null) : updater, l2 == null ? 0.0 : l2,
                checkpoints == null ? CheckpointConfig.defaults() : checkpoints, earlyStopping, maxMinutes);
    }

    public static TrainingConfig defaults() {
        return of(null, null, null, null, null, null, null);
    }
}
