package io.softmax4j.training;

import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.metrics.EpochMetrics;

import java.util.List;

/**
 * What a training run produced.
 *
 * @param network    the trained model: the last epoch's weights, or with early stopping the best epoch's
 * @param history    one entry per completed epoch (a resumed run's includes the epochs before it)
 * @param seconds    wall time of training and per-epoch evaluation (this invocation only)
 * @param modelEpoch the epoch whose weights {@code network} holds
 * @param stopNote   why the run ended before its configured epochs (early stopping, time limit), or ""
 */
public record TrainingResult(SoftmaxModel network, List<EpochMetrics> history, double seconds,
                             int modelEpoch, String stopNote) {
    public TrainingResult {
        history = List.copyOf(history);
        stopNote = stopNote == null ? "" : stopNote;
    }

    /** A run that trained all its epochs and keeps the last one's weights. */
    public TrainingResult(SoftmaxModel network, List<EpochMetrics> history, double seconds) {
        this(network, history, seconds, history.isEmpty() ? 0 : history.get(history.size() - 1).epoch(), "");
    }

    /** How {@link #stopNote} starts when early stopping ended the run. */
    public static final String EARLY_STOPPING = "early stopping";

    /** Whether early stopping ended the run (then resuming trains no further). */
    public boolean earlyStopped() {
        return stopNote.startsWith(EARLY_STOPPING);
    }

    /** The last epoch's figures. */
    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }

    /** The figures of the epoch whose weights the network holds. */
    public EpochMetrics modelMetrics() {
        return history.stream().filter(m -> m.epoch() == modelEpoch).findFirst().orElse(last());
    }
}
