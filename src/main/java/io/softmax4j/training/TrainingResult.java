package io.softmax4j.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/**
 * What a training run produced.
 *
 * @param network the trained network
 * @param history one entry per completed epoch
 * @param seconds wall time of training and per-epoch evaluation
 */
public record TrainingResult(MultiLayerNetwork network, List<EpochMetrics> history, double seconds) {
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The last epoch's figures. */
    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
