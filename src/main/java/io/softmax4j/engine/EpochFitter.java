package io.softmax4j.engine;

import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.data.LabeledImages;

/** Trains one {@link SoftmaxModel} an epoch at a time; from {@link SoftmaxModel#fitter}. */
public interface EpochFitter {
    /**
     * One pass of minibatch training over {@code batches} (positioned at the epoch's start):
     * after each minibatch update, {@code listener} gets the batch's figures. An exception
     * thrown by the listener ends the epoch there.
     */
    void fitEpoch(ImageBatchIterator batches, BatchListener listener);

    /**
     * The per-epoch accuracy and mean cross-entropy on {@code set}, from one forward pass,
     * computed the way this fitter's path computes them.
     */
    Evaluation evaluate(LabeledImages set);

    /** The per-epoch accuracy on {@code set}, computed the way this fitter's path computes it. */
    default double accuracy(LabeledImages set) {
        return evaluate(set).accuracy();
    }

    /** Whether epochs run through the engine's fused step (else through its plain {@code fit}). */
    boolean fused();

    /**
     * One pass's figures on a labelled set.
     *
     * @param accuracy the share of examples whose most probable class is the label
     * @param loss     the mean cross-entropy per example, probabilities clipped below at 1e-10
     *                 as in {@link SoftmaxModel.Classified#lossSum()}
     */
    record Evaluation(double accuracy, double loss) {
    }
}
