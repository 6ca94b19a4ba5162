package io.softmax4j.training;

import io.softmax4j.config.EarlyStoppingConfig;
import io.softmax4j.config.TrainingConfig;
import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.metrics.TrainingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides, at each epoch boundary, whether and how a run goes on: the weights are checked for
 * divergence, the best epoch is tracked (early stopping), checkpoints are saved, and the time
 * limit and stop requests are honoured. Kept out of {@link SoftmaxTrainer}'s loop so the loop
 * stays a few lines; nothing here runs per minibatch except {@link RunGuardListener}.
 */
final class TrainingSupervisor {
    private final TrainingConfig training;
    private final CheckpointSink checkpoints;
    private final StopSignal stop;
    private final RunGuardListener guard;
    private final List<EpochMetrics> history;
    private final long startNanos = System.nanoTime();
    private int epoch;
    private int bestEpoch;
    private double bestAccuracy;
    private float[] bestParams;
    private String stopNote = "";

    TrainingSupervisor(TrainingConfig training, TrainingState start, CheckpointSink checkpoints, StopSignal stop,
                       int batchesPerEpoch) {
        this.training = training;
        this.checkpoints = checkpoints;
        this.stop = stop;
        this.guard = new RunGuardListener(stop, training.updater(), batchesPerEpoch);
        this.history = new ArrayList<>(start.history());
        this.epoch = start.epoch();
        this.bestEpoch = start.bestEpoch();
        this.bestAccuracy = start.bestAccuracy();
        this.bestParams = start.bestParams();
        checkPatience();
    }

    /** The accuracy early stopping watches: the validation accuracy when the data holds out a
     * validation set ({@code data.validation}), else the test accuracy (which choosing by makes optimistic). */
    static double monitored(EpochMetrics metrics) {
        return metrics.hasValidation() ? metrics.validationAccuracy() : metrics.testAccuracy();
    }

    static String monitoredName(EpochMetrics metrics) {
        return metrics.hasValidation() ? "validation accuracy" : "test accuracy";
    }

    RunGuardListener guard() {
        return guard;
    }

    int completedEpochs() {
        return epoch;
    }

    /** Whether to start another epoch; throws if a stop was requested before it began. */
    boolean startNextEpoch() {
        if (epoch >= training.epochs() || !stopNote.isEmpty()) {
            return false;
        }
        if (stop.requested()) {
            throw new TrainingFailedException(TrainingFailedException.Kind.INTERRUPTED,
                    "training " + stop.reason() + " before epoch " + (epoch + 1));
        }
        guard.startEpoch(epoch + 1);
        return true;
    }

    /** After each complete epoch: divergence check, best epoch, time limit, checkpoint. */
    void endEpoch(SoftmaxModel model, EpochMetrics metrics) {
        epoch++;
        history.add(metrics);
        float[] params = model.parameters();
        DivergenceGuard.checkParameters(params, "after epoch " + epoch, training.updater());
        trackBest(params, metrics);
        checkPatience();
        checkTimeLimit(metrics);
        boolean last = epoch >= training.epochs() || !stopNote.isEmpty();
        int every = training.checkpoints().every();
        if (every > 0 && (epoch % every == 0 || last)) {
            try {
                checkpoints.save(model, state());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the checkpoint of epoch " + epoch + ": " + e.getMessage(), e);
            }
        }
    }

    private void trackBest(float[] params, EpochMetrics metrics) {
        double accuracy = monitored(metrics);
        double minDelta = training.earlyStopping() == null ? 0 : training.earlyStopping().minDelta();
        if (bestEpoch == 0 || accuracy > bestAccuracy + minDelta) {
            bestEpoch = epoch;
            bestAccuracy = accuracy;
            bestParams = training.earlyStopping() == null ? null : params;
        }
    }

    private void checkPatience() {
        EarlyStoppingConfig es = training.earlyStopping();
        if (es != null && bestEpoch > 0 && epoch - bestEpoch >= es.patience() && epoch < training.epochs()) {
            int since = epoch - bestEpoch;
            stopNote = String.format(Locale.ROOT, TrainingResult.EARLY_STOPPING + ": %s has not improved for %d epoch%s "
                    + "(best %.4f in epoch %d)", monitoredName(history.get(history.size() - 1)), since, since == 1 ? "" : "s", bestAccuracy, bestEpoch);
        }
    }

    private void checkTimeLimit(EpochMetrics metrics) {
        Double maxMinutes = training.maxMinutes();
        if (maxMinutes == null || !stopNote.isEmpty() || epoch >= training.epochs()) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        // Stop when the next epoch, if as long as this one, would end past the limit.
        if (elapsed + metrics.seconds() > maxMinutes * 60) {
            stopNote = String.format(Locale.ROOT, "time limit: training.maxMinutes is %s and another epoch "
                    + "would end past it (%.1f min so far)", maxMinutes, elapsed / 60);
        }
    }

    /** The state after the last complete epoch. */
    TrainingState state() {
        return new TrainingState(epoch, history, bestEpoch, bestAccuracy, bestParams);
    }

    /** The run's result; with early stopping the model gets the best epoch's weights. */
    TrainingResult result(SoftmaxModel model, double seconds) {
        int modelEpoch = epoch;
        if (training.earlyStopping() != null && bestParams != null && bestEpoch != epoch) {
            model.setParameters(bestParams);
            modelEpoch = bestEpoch;
        }
        return new TrainingResult(model, history, seconds, modelEpoch, stopNote);
    }
}
