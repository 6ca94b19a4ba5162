package io.softmax4j.evaluation;

import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.data.LabeledImages;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Runs a network over labelled images and keeps each image's predicted class and probability. */
public final class ModelPredictor {
    private ModelPredictor() {
    }

    /** Predicts every image of {@code set}, in order. */
    public static Predictions predict(MultiLayerNetwork net, LabeledImages set) {
        int[] predicted = new int[set.count()];
        float[] probability = new float[set.count()];
        ImageBatchIterator it = new ImageBatchIterator(set, ModelEvaluator.EVAL_BATCH, false, 0);
        int offset = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = net.output(ds.getFeatures(), false);
            int[] argMax = out.argMax(1).toIntVector();
            for (int r = 0; r < argMax.length; r++) {
                predicted[offset + r] = argMax[r];
                probability[offset + r] = out.getFloat(r, argMax[r]);
            }
            offset += argMax.length;
        }
        return new Predictions(set, predicted, probability);
    }
}
