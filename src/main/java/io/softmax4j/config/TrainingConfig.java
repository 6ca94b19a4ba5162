package io.softmax4j.config;

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
public record TrainingConfig(Integer epochs, Long seed, UpdaterConfig updater, Double l2,
                             CheckpointConfig checkpoints, EarlyStoppingConfig earlyStopping, Double maxMinutes) {
    public TrainingConfig {
        epochs = epochs == null ? 10 : Check.positive("training.epochs", epochs, 100_000);
        seed = seed == null ? 42L : seed;
        updater = updater == null ? new UpdaterConfig.Sgd(null) : updater;
        l2 = l2 == null ? 0.0 : Check.closedRange("training.l2", l2, 0, 1);
        checkpoints = checkpoints == null ? CheckpointConfig.defaults() : checkpoints;
        maxMinutes = maxMinutes == null ? null : Check.inRange("training.maxMinutes", maxMinutes, 0, 525_600);
    }

    /** The pre-checkpoint constructor: checkpoints by default, no early stopping, no time limit. */
    public TrainingConfig(Integer epochs, Long seed, UpdaterConfig updater, Double l2) {
        this(epochs, seed, updater, l2, null, null, null);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null, null, null, null, null);
    }
}
