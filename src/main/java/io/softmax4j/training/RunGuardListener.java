package io.softmax4j.training;

import io.softmax4j.config.UpdaterConfig;
import io.softmax4j.engine.BatchListener;

/**
 * After every minibatch update: checks that the batch's loss is finite (the score is already
 * computed) and whether a stop was requested; either ends the run by throwing a
 * {@link TrainingFailedException} out of the epoch, which leaves the partly trained epoch behind.
 */
final class RunGuardListener implements BatchListener {
    private final StopSignal stop;
    private final UpdaterConfig updater;
    private final int batchesPerEpoch;
    private int epoch;
    private int batch;

    RunGuardListener(StopSignal stop, UpdaterConfig updater, int batchesPerEpoch) {
        this.stop = stop;
        this.updater = updater;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /** {@code epoch} is 1-based. */
    void startEpoch(int epoch) {
        this.epoch = epoch;
        this.batch = 0;
    }

    @Override
    public void onBatch(int examples, long correct, double loss) {
        batch++;
        DivergenceGuard.checkLoss(loss, epoch, batch, updater);
        if (stop.requested()) {
            throw new TrainingFailedException(TrainingFailedException.Kind.INTERRUPTED,
                    "training " + stop.reason() + " in epoch " + epoch + " (after batch " + batch + " of "
                            + batchesPerEpoch + "); that epoch's progress was discarded");
        }
    }
}
