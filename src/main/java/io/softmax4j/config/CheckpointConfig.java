package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a run saves resumable checkpoints (model, updater state, epoch, history) in its run
 * folder, {@code <output.model without .zip>/checkpoints/}.
 *
 * @param every save after every N-th epoch (and always after the run's last epoch); 0 = never
 * @param keep  how many of the newest checkpoints are kept; older ones are deleted
 */
public record CheckpointConfig(int every, int keep) {
    public CheckpointConfig {
        Check.closedRange("training.checkpoints.every", every, 0, 100_000);
        Check.positive("training.checkpoints.keep", keep, 1_000);
    }

    /** The checkpoint config as written in YAML; {@code null} means the default. */
    @JsonCreator
    public static CheckpointConfig of(@JsonProperty("every") Integer every, @JsonProperty("keep") Integer keep) {
        return new CheckpointConfig(every == null ? 1 : every, keep == null ? 2 : keep);
    }

    public static CheckpointConfig defaults() {
        return of(null, null);
    }

    /** Whether checkpoints are written at all. */
    public boolean enabled() {
        return every > 0;
    }
}
