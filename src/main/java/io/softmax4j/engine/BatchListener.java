package io.softmax4j.engine;

/** Receives each trained minibatch's figures from an {@link EpochFitter}. */
@FunctionalInterface
public interface BatchListener {
    /**
     * Called after the batch's update.
     *
     * @param examples batch size
     * @param correct  examples whose most probable class was their label, before the update
     * @param loss     the batch's mean loss (plus regularisation), before the update
     */
    void onBatch(int examples, long correct, double loss);
}
