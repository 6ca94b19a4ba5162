package io.softmax4j.training;

import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.EpochFitter;
import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.metrics.TrainingState;

/**
 * Trains a softmax-regression model on a {@link Dataset}: the configured number of epochs
 * over a seeded, shuffled minibatch iterator, evaluating the test set at each epoch end. A
 * {@link TrainingSupervisor} handles each epoch boundary (divergence check, early stopping,
 * checkpoints, time limit); a run can continue from a checkpoint's {@link TrainingState}. The
 * engine trains the reference shape through its fused step (same math, far fewer operations)
 * unless {@code runtime.fusedStep} is false, and anything else through its plain {@code fit}.
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
     * @param checkpoints receives the model and state at each checkpoint epoch
     * @param stop        checked between minibatches; when raised the run stops cleanly
     */
    public SoftmaxTrainer(RunConfig config, TrainingListener listener, CheckpointSink checkpoints, StopSignal stop) {
        this.config = config;
        this.listener = listener;
        this.checkpoints = checkpoints;
        this.stop = stop;
    }

    /** Builds a fresh model from the config and trains it. */
    public TrainingResult train(Dataset data) {
        Engine.get().setThreads(config.runtime().threads());
        SoftmaxModel model = Engine.get().create(config.model(), config.training(),
                data.train().features(), data.train().classes());
        return train(model, data, TrainingState.initial());
    }

    /** Trains the given model (already initialised) for the configured epochs. */
    public TrainingResult train(SoftmaxModel model, Dataset data) {
        return train(model, data, TrainingState.initial());
    }

    /**
     * Continues training {@code model} from {@code start} (e.g. a restored checkpoint: its model
     * with updater state) up to the configured epochs; the result is bit-identical to a run that
     * never stopped.
     */
    public TrainingResult train(SoftmaxModel model, Dataset data, TrainingState start) {
        if (config.training().earlyStopping() != null && !data.hasValidation()) {
            throw new io.softmax4j.config.ConfigException("data.validation", "training.earlyStopping needs a validation "
                    + "split to pick the epoch by (never the test set): set data.validation, e.g. 0.1");
        }
        Engine.get().setThreads(config.runtime().threads());
        int batchSize = config.data().batchSize();
        int epochs = config.training().epochs();
        ImageBatchIterator trainIterator = new ImageBatchIterator(data.train(), batchSize,
                config.data().shuffle(), config.training().seed());
        int batches = (data.train().count() + batchSize - 1) / batchSize;
        TrainingSupervisor supervisor = new TrainingSupervisor(config.training(), start, checkpoints, stop, batches);
        EpochFitter fitter = model.fitter(config.runtime().fusedStep());
        EpochEvaluationListener evaluation = new EpochEvaluationListener(data.test(), data.validation(), listener,
                fitter::evaluate, supervisor.guard());
        listener.onTrainingStart(epochs, batches, data.train().count());
        long begin = System.nanoTime();
        while (supervisor.startNextEpoch()) {
            int epoch = supervisor.completedEpochs();
            evaluation.startEpoch(epoch + 1);
            trainIterator.setEpoch(epoch);
            fitter.fitEpoch(trainIterator, evaluation);
            EpochMetrics metrics = evaluation.endEpoch();
            supervisor.endEpoch(model, metrics);
        }
        return supervisor.result(model, (System.nanoTime() - begin) / 1e9);
    }
}
