package io.softmax4j.config;

/**
 * How the network is trained.
 *
 * @param epochs  passes over the training set
 * @param seed    seeds weight initialisation and shuffling
 * @param updater the optimiser and its hyperparameters
 * @param l2      L2 weight decay coefficient (0 = none)
 */
public record TrainingConfig(Integer epochs, Long seed, UpdaterConfig updater, Double l2) {
    public TrainingConfig {
        epochs = epochs == null ? 10 : Check.positive("training.epochs", epochs, 100_000);
        seed = seed == null ? 42L : seed;
        updater = updater == null ? new UpdaterConfig.Sgd(null) : updater;
        l2 = l2 == null ? 0.0 : Check.closedRange("training.l2", l2, 0, 1);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null, null);
    }
}
