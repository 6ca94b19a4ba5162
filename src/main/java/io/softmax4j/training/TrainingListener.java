package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;

/**
 * Hooks into a training run; every hook is a no-op by default. Listeners see result records,
 * never DL4J's listener API (only the engine adapter, {@code io.softmax4j.dl4j}, touches that).
 */
public interface TrainingListener {
    /** Before the first epoch. */
    default void onTrainingStart(int epochs, int batchesPerEpoch, int examplesPerEpoch) {
    }

    /** After each minibatch update; {@code lossSoFar} is the epoch's mean loss so far. */
    default void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
    }

    /** After each epoch's evaluation. */
    default void onEpochEnd(EpochMetrics metrics) {
    }

    /** Listener factories. */
    final class Defaults {
        private Defaults() {
        }

        /** Does nothing. */
        public static TrainingListener none() {
            return new TrainingListener() {
            };
        }

        /** Prints each epoch line. */
        public static TrainingListener epochLines(java.io.PrintWriter out) {
            return new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics metrics) {
                    out.println(metrics.line());
                    out.flush();
                }
            };
        }

        /** Calls each listener in turn. */
        public static TrainingListener all(java.util.List<TrainingListener> listeners) {
            return new TrainingListener() {
                @Override
                public void onTrainingStart(int epochs, int batches, int examples) {
                    listeners.forEach(l -> l.onTrainingStart(epochs, batches, examples));
                }

                @Override
                public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                    listeners.forEach(l -> l.onBatchEnd(epoch, batch, examplesDone, lossSoFar));
                }

                @Override
                public void onEpochEnd(EpochMetrics metrics) {
                    listeners.forEach(l -> l.onEpochEnd(metrics));
                }
            };
        }
    }
}
