package io.softmax4j.training;

import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.engine.Engine;
import io.softmax4j.dl4j.Dl4jModel;
import io.softmax4j.metrics.TrainingState;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static io.softmax4j.testing.BitIdentical.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The divergence guard, early stopping, the time limit and stop requests, in-process. */
class FaultToleranceTest {
    static final Dataset DATA = SyntheticImages.dataset(200, 60);

    static RunConfig config(String training) {
        return config(training, new String[0]);
    }

    static RunConfig config(String training, String... overrides) {
        return ConfigLoader.fromYaml("data: {batchSize: 20}\ntraining: {seed: 3, updater: {type: sgd, learningRate: 0.5}, "
                + training + "}\n", List.of(overrides), "test.yaml");
    }

    static SoftmaxModel freshNet(RunConfig rc) {
        return Engine.get().create(rc.model(), rc.training(), DATA.train().features(), DATA.train().classes());
    }

    /** Records every checkpoint the trainer hands over. */
    static final class RecordingSink implements CheckpointSink {
        final List<TrainingState> saved = new ArrayList<>();

        @Override
        public void save(SoftmaxModel net, TrainingState state) {
            assertTrue(DivergenceGuard.finite(net.parameters()), "a checkpoint never holds non-finite weights");
            saved.add(state);
        }
    }

    @Test
    void nonFiniteWeightsStopTheRunAtTheFirstBatchWithAHelpfulMessageAndNoCheckpoint() {
        RunConfig rc = config("epochs: 3");
        SoftmaxModel net = freshNet(rc);
        Dl4jModel.network(net).params().putScalar(5, Double.NaN);
        RecordingSink sink = new RecordingSink();
        List<Integer> batchesSeen = new ArrayList<>();
        TrainingListener counting = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                batchesSeen.add(batch);
            }
        };
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> new SoftmaxTrainer(rc, counting, sink, StopSignal.never()).train(net, DATA));

        assertEquals(TrainingFailedException.Kind.DIVERGED, e.kind());
        assertTrue(e.getMessage().startsWith("training diverged: the loss became NaN in epoch 1, batch 1."), e.getMessage());
        assertTrue(e.getMessage().contains("Try a lower learning rate: training.updater.learningRate is 0.5, "
                + "e.g. --set training.updater.learningRate=0.05"), e.getMessage());
        assertEquals(List.of(1), batchesSeen, "stopped at once, after the first batch");
        assertTrue(sink.saved.isEmpty());
    }

    @Test
    void infiniteWeightsAlsoTripTheGuard() {
        RunConfig rc = config("epochs: 1");
        SoftmaxModel net = freshNet(rc);
        Dl4jModel.network(net).params().putScalar(0, Double.POSITIVE_INFINITY);
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(net, DATA));
        assertEquals(TrainingFailedException.Kind.DIVERGED, e.kind());
    }

    @Test
    void parameterCheckFindsNaNAndInfinityButAcceptsLargeFiniteWeights() {
        assertTrue(DivergenceGuard.finite(new float[]{1e30f, -3e38f, 0f}));
        assertFalse(DivergenceGuard.finite(new float[]{1f, Float.NaN}));
        assertFalse(DivergenceGuard.finite(new float[]{Float.NEGATIVE_INFINITY, 1f}));
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> DivergenceGuard.checkParameters(
                new float[]{Float.POSITIVE_INFINITY}, "after epoch 4", config("epochs: 1").training().updater()));
        assertTrue(e.getMessage().startsWith("training diverged: the weights became NaN or infinite after epoch 4."), e.getMessage());
    }

    @Test
    void earlyStoppingKeepsTheBestEpochsWeightsExactly() {
        // The synthetic bars are learned in an epoch or two; validation accuracy then cannot rise.
        RunConfig rc = config("epochs: 30, earlyStopping: {patience: 2}");
        Dataset split = io.softmax4j.data.ValidationSplit.apply(DATA, rc.data().validation());
        RecordingSink sink = new RecordingSink();
        TrainingResult result = new SoftmaxTrainer(rc, TrainingListener.Defaults.none(), sink, StopSignal.never()).train(split);

        int best = result.modelEpoch();
        assertEquals(best + 2, result.last().epoch(), "stopped after 2 epochs without improvement: " + result.history());
        assertTrue(result.stopNote().startsWith("early stopping: validation accuracy has not improved for 2 epochs"),
                result.stopNote());
        double bestAccuracy = result.history().stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow();
        assertEquals(bestAccuracy, result.modelMetrics().validationAccuracy());
        assertEquals(result.last().epoch(), sink.saved.get(sink.saved.size() - 1).epoch(), "the stopping epoch is checkpointed");

        RunConfig plain = config("epochs: " + best);
        TrainingResult upToBest = new SoftmaxTrainer(plain, TrainingListener.Defaults.none()).train(split);
        assertBitIdentical(upToBest.network().parameters(), result.network().parameters(), "the kept model is epoch " + best + "'s, bit for bit");
    }

    @Test
    void earlyStoppingNeverSelectsOnTheTestSet() {
        RunConfig rc = config("epochs: 30, earlyStopping: {patience: 2}");
        // the config holds out a validation split by itself when data.validation is 0 ...
        assertEquals(io.softmax4j.config.EarlyStoppingConfig.DEFAULT_VALIDATION, rc.data().validation());
        assertEquals(0.25, config("epochs: 3, earlyStopping: {}", "data.validation=0.25").data().validation());
        assertEquals(0.0, config("epochs: 3").data().validation(), "no split without early stopping");
        // ... and data without one is refused rather than selected on its test set
        io.softmax4j.config.ConfigException e = assertThrows(io.softmax4j.config.ConfigException.class,
                () -> new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(DATA));
        assertTrue(e.getMessage().startsWith("training.earlyStopping needs a validation split"), e.getMessage());
    }

    @Test
    void timeLimitStopsAtAnEpochEndAndKeepsTheCompletedEpochs() {
        RunConfig rc = config("epochs: 50, maxMinutes: 0.000001");
        TrainingResult result = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(DATA);
        assertEquals(1, result.history().size(), "at least one epoch, then the limit: " + result.history());
        assertTrue(result.stopNote().startsWith("time limit: training.maxMinutes is 1.0E-6"), result.stopNote());
        assertEquals(1, result.modelEpoch());
    }

    @Test
    void aStopRequestEndsTheRunBetweenBatchesAndOnlyCompleteEpochsAreCheckpointed() {
        RunConfig rc = config("epochs: 5");
        StopSignal stop = new StopSignal();
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                if (epoch == 3 && batch == 4) {
                    stop.request("interrupted");
                }
            }
        };
        RecordingSink sink = new RecordingSink();
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> new SoftmaxTrainer(rc, stopper, sink, stop).train(DATA));
        assertEquals(TrainingFailedException.Kind.INTERRUPTED, e.kind());
        assertTrue(e.getMessage().startsWith("training interrupted in epoch 3 (after batch 4 of 10)"), e.getMessage());
        assertEquals(List.of(1, 2), sink.saved.stream().map(TrainingState::epoch).toList());
    }

    @Test
    void checkpointsEveryNEpochsAndAlwaysAtTheEnd() {
        RunConfig rc = config("epochs: 5, checkpoints: {every: 2, keep: 1}");
        RecordingSink sink = new RecordingSink();
        new SoftmaxTrainer(rc, TrainingListener.Defaults.none(), sink, StopSignal.never()).train(DATA);
        assertEquals(List.of(2, 4, 5), sink.saved.stream().map(TrainingState::epoch).toList());
        assertEquals(5, sink.saved.get(2).history().size());
    }

    @Test
    void checkpointsCanBeTurnedOff() {
        RecordingSink sink = new RecordingSink();
        new SoftmaxTrainer(config("epochs: 2, checkpoints: {every: 0}"), TrainingListener.Defaults.none(), sink,
                StopSignal.never()).train(DATA);
        assertTrue(sink.saved.isEmpty());
    }

    @Test
    void theDeterminismTestsCompareBitsNotAnEpsilon() {
        float x = 0.25f;
        org.nd4j.linalg.api.ndarray.INDArray a = Nd4j.create(new float[]{x, 1f});
        org.nd4j.linalg.api.ndarray.INDArray b = Nd4j.create(new float[]{Math.nextUp(x), 1f});
        assertTrue(a.equals(b), "INDArray.equals hides a one-ulp difference");
        assertThrows(org.opentest4j.AssertionFailedError.class, () -> assertBitIdentical(a, b, "one ulp apart"));
    }

    @Test
    void earlyStoppingWatchesTheValidationAccuracyWhenASetIsHeldOut() {
        Dataset withValidation = new Dataset("s", DATA.train(), DATA.test(), java.util.Map.of(),
                SyntheticImages.make(50, 10, 9));
        TrainingResult result = new SoftmaxTrainer(config("epochs: 30, earlyStopping: {patience: 2}"),
                TrainingListener.Defaults.none()).train(withValidation);
        assertTrue(result.stopNote().startsWith("early stopping: validation accuracy has not improved for 2 epochs"),
                result.stopNote());
        double best = result.history().stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow();
        assertEquals(best, result.modelMetrics().validationAccuracy());
    }
}
