package io.softmax4j.training;

import io.softmax4j.config.UpdaterConfig;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The second (and last) adapter on DL4J's listener API, kept apart from the evaluation listener
 * so the per-batch work of each stays small and separate. After every minibatch update it
 * checks that the batch's loss is finite (the score is already computed) and whether a stop was
 * requested; either ends the run by throwing a {@link TrainingFailedException} out of
 * {@code fit}, which leaves the partly trained epoch behind.
 */
final class RunGuardListener extends BaseTrainingListener {
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
    public void iterationDone(Model model, int iteration, int epochCount) {
        batch++;
        DivergenceGuard.checkLoss(model.score(), epoch, batch, updater);
        if (stop.requested()) {
            throw new TrainingFailedException(TrainingFailedException.Kind.INTERRUPTED,
                    "training " + stop.reason() + " in epoch " + epoch + " (after batch " + batch + " of "
                            + batchesPerEpoch + "); that epoch's progress was discarded");
        }
    }
}
