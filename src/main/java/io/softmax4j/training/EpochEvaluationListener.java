package io.softmax4j.training;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.evaluation.ModelEvaluator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation listener, and the one adapter on DL4J's listener API. During each update it
 * records, from the batch as it is trained (parameters not yet updated, as the reference
 * measures), the batch's loss and how many of its examples the network classifies correctly;
 * at each epoch end it evaluates the test set and hands an {@link EpochMetrics} record to our
 * {@link TrainingListener}.
 */
final class EpochEvaluationListener extends BaseTrainingListener implements FusedSoftmaxFitter.BatchSink {
    private final LabeledImages testSet;
    private final LabeledImages validationSet;
    private final TrainingListener listener;
    private final List<EpochMetrics> history = new ArrayList<>();
    private int epoch;
    private int batch;
    private long examples;
    private long correct;
    private double lossSum;
    private long epochStartNanos;
    private java.util.function.ToDoubleBiFunction<MultiLayerNetwork, LabeledImages> accuracy = ModelEvaluator::accuracy;

    /** @param validationSet the held-out set, or {@code null} when there is none */
    EpochEvaluationListener(LabeledImages testSet, LabeledImages validationSet, TrainingListener listener) {
        this.testSet = testSet;
        this.validationSet = validationSet;
        this.listener = listener;
    }

    /** Resets the running sums; {@code epoch} is 1-based. */
    void startEpoch(int epoch) {
        this.epoch = epoch;
        batch = 0;
        examples = 0;
        correct = 0;
        lossSum = 0;
        epochStartNanos = System.nanoTime();
    }

    @Override
    public void onBackwardPass(Model model) {
        // Called after the forward pass, loss and gradient, before the parameter update: the
        // output layer still holds this batch's input and labels, and the pre-update weights.
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        BaseOutputLayer<?> out = (BaseOutputLayer<?>) net.getOutputLayer();
        INDArray input = out.getInput();
        INDArray logits = input.mmul(out.getParam("W")).addiRowVector(out.getParam("b"));
        long right = logits.argMax(1).eq(out.getLabels().argMax(1)).castTo(DataType.INT).sumNumber().longValue();
        onBatchTrained((int) input.size(0), right, model.score());
    }

    /** One trained batch's figures, from {@link #onBackwardPass} or from the fused fitter. */
    @Override
    public void onBatchTrained(int n, long right, double loss) {
        correct += right;
        examples += n;
        lossSum += loss * n;
        batch++;
        listener.onBatchEnd(epoch, batch, (int) examples, lossSum / examples);
    }

    /** Replaces how the test and validation accuracies are measured (default: {@link ModelEvaluator#accuracy}). */
    void useAccuracy(java.util.function.ToDoubleBiFunction<MultiLayerNetwork, LabeledImages> accuracy) {
        this.accuracy = accuracy;
    }

    @Override
    public void onEpochEnd(Model model) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Double validationAccuracy = validationSet == null ? null : accuracy.applyAsDouble(net, validationSet);
        double testAccuracy = accuracy.applyAsDouble(net, testSet);
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        EpochMetrics metrics = new EpochMetrics(epoch, lossSum / examples, (double) correct / examples,
                testAccuracy, seconds, validationAccuracy);
        history.add(metrics);
        listener.onEpochEnd(metrics);
    }

    List<EpochMetrics> history() {
        return history;
    }
}
