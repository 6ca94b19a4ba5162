package io.softmax4j.training;

import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.metrics.TrainingState;

import java.io.IOException;

/** Receives the model and the run's state at each checkpoint epoch and saves them. */
@FunctionalInterface
public interface CheckpointSink {
    /** Saves a complete, resumable checkpoint (must be atomic: all or nothing). */
    void save(SoftmaxModel model, TrainingState state) throws IOException;

    /** Saves nothing. */
    static CheckpointSink none() {
        return (model, state) -> {
        };
    }
}
