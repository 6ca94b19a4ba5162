package io.softmax4j.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;

/** Receives the network and the run's state at each checkpoint epoch and saves them. */
@FunctionalInterface
public interface CheckpointSink {
    /** Saves a complete, resumable checkpoint (must be atomic: all or nothing). */
    void save(MultiLayerNetwork net, TrainingState state) throws IOException;

    /** Saves nothing. */
    static CheckpointSink none() {
        return (net, state) -> {
        };
    }
}
