package io.softmax4j.training;

import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.model.SoftmaxNetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains a softmax-regression network on a {@link Dataset}: the configured number of epochs
 * over a seeded, shuffled minibatch iterator, evaluating the test set at each epoch end.
 */
public final class SoftmaxTrainer {
    private final RunConfig config;
    private final TrainingListener listener;

    public SoftmaxTrainer(RunConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Builds a fresh network from the config and trains it. */
    public TrainingResult train(Dataset data) {
        ThreadSettings.apply(config.runtime().threads());
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(config.model(), config.training(),
                data.train().features(), data.train().classes());
        return train(net, data);
    }

    /** Trains the given network (already initialised) for the configured epochs. */
    public TrainingResult train(MultiLayerNetwork net, Dataset data) {
        int batchSize = config.data().batchSize();
        int epochs = config.training().epochs();
        ImageBatchIterator trainIterator = new ImageBatchIterator(data.train(), batchSize,
                config.data().shuffle(), config.training().seed());
        EpochEvaluationListener evaluation = new EpochEvaluationListener(data.test(), data.validation(), listener);
        net.setListeners(evaluation);
        int batches = (data.train().count() + batchSize - 1) / batchSize;
        listener.onTrainingStart(epochs, batches, data.train().count());
        long start = System.nanoTime();
        for (int epoch = 0; epoch < epochs; epoch++) {
            evaluation.startEpoch(epoch + 1);
            trainIterator.setEpoch(epoch);
            net.fit(trainIterator);
        }
        net.setListeners();
        return new TrainingResult(net, evaluation.history(), (System.nanoTime() - start) / 1e9);
    }
}
