package io.softmax4j.training;

import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.model.SoftmaxNetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/**
 * Trains a softmax-regression network on a {@link Dataset}: the configured number of epochs
 * over a seeded, shuffled minibatch iterator, evaluating the test set at each epoch end. A
 * {@link TrainingSupervisor} handles each epoch boundary (divergence check, early stopping,
 * checkpoints, time limit); a run can continue from a checkpoint's {@link TrainingState}. The
 * reference network shape trains through {@link FusedSoftmaxFitter} (same math, far fewer
 * operations) unless {@code runtime.fusedStep} is false; any other network through DL4J's
 * {@code fit}.
 */
public final class SoftmaxTrainer {
    private final RunConfig config;
    private final TrainingListener listener;
    private final CheckpointSink checkpoints;
    private final StopSignal stop;

    /** A trainer that saves no checkpoints and cannot be stopped from outside. */
    public SoftmaxTrainer(RunConfig config, TrainingListener listener) {
        this(config, listener, CheckpointSink.none(), StopSignal.never());
    }

    /**
     * @param checkpoints receives the network and state at each checkpoint epoch
     * @param stop        checked between minibatches; when raised the run stops cleanly
     */
    public SoftmaxTrainer(RunConfig config, TrainingListener listener, CheckpointSink checkpoints, StopSignal stop) {
        this.config = config;
        this.listener = listener;
        this.checkpoints = checkpoints;
        this.stop = stop;
    }

    /** Builds a fresh network from the config and trains it. */
    public TrainingResult train(Dataset data) {
        ThreadSettings.apply(config.runtime().threads());
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(config.model(), config.training(),
                data.train().features(), data.train().classes());
        return train(net, data, TrainingState.initial());
    }

    /** Trains the given network (already initialised) for the configured epochs. */
    public TrainingResult train(MultiLayerNetwork net, Dataset data) {
        return train(net, data, TrainingState.initial());
    }

    /**
     * Continues training {@code net} from {@code start} (e.g. a restored checkpoint: its network
     * with updater state) up to the configured epochs; the result is bit-identical to a run that
     * never stopped.
     */
    public TrainingResult train(MultiLayerNetwork net, Dataset data, TrainingState start) {
        if (config.training().earlyStopping() != null && !data.hasValidation()) {
            throw new io.softmax4j.config.ConfigException("data.validation", "training.earlyStopping needs a validation "
                    + "split to pick the epoch by (never the test set): set data.validation, e.g. 0.1");
        }
        ThreadSettings.apply(config.runtime().threads());
        int batchSize = config.data().batchSize();
        int epochs = config.training().epochs();
        ImageBatchIterator trainIterator = new ImageBatchIterator(data.train(), batchSize,
                config.data().shuffle(), config.training().seed());
        EpochEvaluationListener evaluation = new EpochEvaluationListener(data.test(), data.validation(), listener);
        int batches = (data.train().count() + batchSize - 1) / batchSize;
        TrainingSupervisor supervisor = new TrainingSupervisor(config.training(), start, checkpoints, stop, batches);
        net.setListeners(evaluation, supervisor.guard());
        FusedSoftmaxFitter fused = config.runtime().fusedStep() ? FusedSoftmaxFitter.forNetwork(net) : null;
        if (fused != null) {
            evaluation.useAccuracy((n, set) -> fused.accuracy(set, ModelEvaluator.EVAL_BATCH));
        }
        listener.onTrainingStart(epochs, batches, data.train().count());
        long begin = System.nanoTime();
        try {
            while (supervisor.startNextEpoch()) {
                int epoch = supervisor.completedEpochs();
                evaluation.startEpoch(epoch + 1);
                trainIterator.setEpoch(epoch);
                if (fused != null) {
                    fused.fitEpoch(trainIterator, evaluation);
                } else {
                    net.fit(trainIterator);
                }
                List<EpochMetrics> done = evaluation.history();
                supervisor.endEpoch(net, done.get(done.size() - 1));
            }
        } finally {
            net.setListeners();
        }
        return supervisor.result(net, (System.nanoTime() - begin) / 1e9);
    }
}
