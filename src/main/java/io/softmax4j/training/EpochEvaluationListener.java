package io.softmax4j.training;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.engine.BatchListener;
import io.softmax4j.engine.EpochFitter;
import io.softmax4j.metrics.EpochMetrics;

import java.util.function.Function;

/**
 * Sums each epoch's figures as the engine trains it: per minibatch the loss and how many of its
 * examples the model classified correctly (before the batch's update, as the reference
 * measures), then the run guard's check; at the epoch end the test (and validation) accuracy,
 * with its mean loss from the same pass, giving one {@link EpochMetrics} record to our {@link TrainingListener}.
 */
final class EpochEvaluationListener implements BatchListener {
    private final LabeledImages testSet;
    private final LabeledImages validationSet;
    private final TrainingListener listener;
    private final Function<LabeledImages, EpochFitter.Evaluation> evaluation;
    private final RunGuardListener guard;
    private int epoch;
    private int batch;
    private long examples;
    private long correct;
    private double lossSum;
    private long epochStartNanos;

    /**
     * @param validationSet the held-out set, or {@code null} when there is none
     * @param evaluation    measures the accuracy and mean loss of the model being trained on a set, in one pass
     * @param guard         checks each batch after its figures are taken
     */
    EpochEvaluationListener(LabeledImages testSet, LabeledImages validationSet, TrainingListener listener,
                            Function<LabeledImages, EpochFitter.Evaluation> evaluation, RunGuardListener guard) {
        this.testSet = testSet;
        this.validationSet = validationSet;
        this.listener = listener;
        this.evaluation = evaluation;
        this.guard = guard;
    }

    /** Resets the running sums; {@code epoch} is 1-based. */
    void startEpoch(int epoch) {
        this.epoch = epoch;
        batch = 0;
        examples = 0;
        correct = 0;
        lossSum = 0;
        epochStartNanos = System.nanoTime();
    }

    /** One trained batch's figures. */
    @Override
    public void onBatch(int n, long right, double loss) {
        correct += right;
        examples += n;
        lossSum += loss * n;
        batch++;
        listener.onBatchEnd(epoch, batch, (int) examples, lossSum / examples);
        guard.onBatch(n, right, loss);
    }

    /** After the epoch's last batch: measures the accuracies and losses and reports the epoch. */
    EpochMetrics endEpoch() {
        EpochFitter.Evaluation validation = validationSet == null ? null : evaluation.apply(validationSet);
        EpochFitter.Evaluation test = evaluation.apply(testSet);
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        EpochMetrics metrics = new EpochMetrics(epoch, lossSum / examples, (double) correct / examples,
                test.accuracy(), seconds, validation == null ? null : validation.accuracy(), test.loss(),
                validation == null ? null : validation.loss());
        listener.onEpochEnd(metrics);
        return metrics;
    }
}
