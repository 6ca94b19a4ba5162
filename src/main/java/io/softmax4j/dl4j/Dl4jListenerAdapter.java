package io.softmax4j.dl4j;

import io.softmax4j.engine.BatchListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one adapter on DL4J's listener API: turns {@code fit}'s callbacks into our
 * {@link BatchListener}. During each update it records, from the batch as it is trained
 * (parameters not yet updated, as the reference measures), how many of its examples the
 * network classifies correctly and the batch's loss; after the update it hands them on.
 */
final class Dl4jListenerAdapter extends BaseTrainingListener {
    private final BatchListener listener;
    private int examples;
    private long correct;
    private double loss;

    Dl4jListenerAdapter(BatchListener listener) {
        this.listener = listener;
    }

    @Override
    public void onBackwardPass(Model model) {
        // Called after the forward pass, loss and gradient, before the parameter update: the
        // output layer still holds this batch's input and labels, and the pre-update weights.
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        BaseOutputLayer<?> out = (BaseOutputLayer<?>) net.getOutputLayer();
        INDArray input = out.getInput();
        INDArray w = out.getParam(Dl4jInternals.WEIGHT_KEY);
        INDArray b = out.getParam(Dl4jInternals.BIAS_KEY);
        // softmax keeps the order of the logits, so their argmax is the predicted class
        INDArray logits = (input.dataType() == w.dataType() ? input : input.castTo(w.dataType())).mmul(w);
        if (b != null) {
            logits.addiRowVector(b);
        }
        correct = logits.argMax(1).eq(out.getLabels().argMax(1)).castTo(DataType.INT).sumNumber().longValue();
        examples = (int) input.size(0);
        loss = model.score();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epochCount) {
        listener.onBatch(examples, correct, loss);
    }
}
