package io.softmax4j.metrics;

import java.util.List;

/**
 * Where a run stands after a complete epoch, beside the model itself (whose parameters,
 * updater state and iteration count the engine saves): all a resumed run needs to continue exactly
 * as if it had never stopped. Shuffling needs no saved RNG state: each epoch's order is derived
 * from (seed, epoch).
 *
 * @param epoch        completed epochs
 * @param history      one entry per completed epoch
 * @param bestEpoch    the epoch with the best monitored accuracy so far (0 = none yet)
 * @param bestAccuracy that accuracy
 * @param bestParams   that epoch's parameters, kept only with early stopping; else {@code null}
 */
public record TrainingState(int epoch, List<EpochMetrics> history, int bestEpoch, double bestAccuracy,
                            float[] bestParams) {
    public TrainingState {
        history = List.copyOf(history);
        bestParams = bestParams == null ? null : bestParams.clone();
    }

    /** A copy of the best epoch's parameters, or {@code null}. */
    @Override
    public float[] bestParams() {
        return bestParams == null ? null : bestParams.clone();
    }

    /** The state before the first epoch. */
    public static TrainingState initial() {
        return new TrainingState(0, List.of(), 0, Double.NEGATIVE_INFINITY, null);
    }
}
