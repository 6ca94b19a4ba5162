package io.softmax4j.config;

/**
 * When a run saves resumable checkpoints (model, updater state, epoch, history) in its run
 * folder, {@code <output.model without .zip>/checkpoints/}.
 *
 * @param every save after every N-th epoch (and always after the run's last epoch); 0 = never
 * @param keep  how many of the newest checkpoints are kept; older ones are deleted
 */
public record CheckpointConfig(Integer every, Integer keep) {
    public CheckpointConfig {
        every = every == null ? 1 : Check.closedRange("training.checkpoints.every", every, 0, 100_000);
        keep = keep == null ? 2 : Check.positive("training.checkpoints.keep", keep, 1_000);
    }

    public static CheckpointConfig defaults() {
        return new CheckpointConfig(null, null);
    }

    /** Whether checkpoints are written at all. */
    public boolean enabled() {
        return every > 0;
    }
}
