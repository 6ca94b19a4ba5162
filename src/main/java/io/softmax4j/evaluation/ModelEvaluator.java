package io.softmax4j.evaluation;

import io.softmax4j.data.ImageBatchIterator;
import io.softmax4j.data.LabeledImages;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Scores a network on labelled images with DL4J's {@link Evaluation}, and keeps its predictions. */
public final class ModelEvaluator {
    /** Large batches: evaluation has no gradient to keep small, and fewer calls cost less. */
    public static final int EVAL_BATCH = 2000;

    private ModelEvaluator() {
    }

    /** Accuracy only (the per-epoch figure). */
    public static double accuracy(MultiLayerNetwork net, LabeledImages set) {
        ImageBatchIterator it = new ImageBatchIterator(set, EVAL_BATCH, false, 0);
        long correct = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray predicted = net.output(ds.getFeatures(), false).argMax(1);
            INDArray actual = ds.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        return (double) correct / set.count();
    }

    /** The full report: accuracy, loss, confusion matrix, per-class precision, recall and F1. */
    public static EvaluationReport evaluate(MultiLayerNetwork net, LabeledImages set) {
        return evaluateAndPredict(net, set).report();
    }

    /**
     * The full report and every image's prediction, from one pass of the network over the set
     * (what the manifest and the pictures both need after training).
     */
    public static Scored evaluateAndPredict(MultiLayerNetwork net, LabeledImages set) {
        Evaluation eval = new Evaluation(set.labelNames(), 1);
        int[] predicted = new int[set.count()];
        float[] probability = new float[set.count()];
        ImageBatchIterator it = new ImageBatchIterator(set, EVAL_BATCH, false, 0);
        double lossSum = 0;
        int offset = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = net.output(ds.getFeatures(), false);
            eval.eval(ds.getLabels(), out);
            lossSum += crossEntropySum(out, ds.getLabels());
            offset += keepPredictions(out, offset, predicted, probability);
        }
        return new Scored(toReport(eval, set, lossSum / set.count()), new Predictions(set, predicted, probability));
    }

    /** Stores each row's predicted class and its probability at {@code offset}; returns the row count. */
    private static int keepPredictions(INDArray probabilities, int offset, int[] predicted, float[] probability) {
        int[] argMax = probabilities.argMax(1).toIntVector();
        for (int r = 0; r < argMax.length; r++) {
            predicted[offset + r] = argMax[r];
            probability[offset + r] = probabilities.getFloat(r, argMax[r]);
        }
        return argMax.length;
    }

    /**
     * What one pass over a labelled set gives.
     *
     * @param report      the figures
     * @param predictions each image's predicted class and probability, in order
     */
    public record Scored(EvaluationReport report, Predictions predictions) {
    }

    /** Summed cross-entropy of softmax outputs against one-hot labels, clipped like DL4J's MCXENT. */
    static double crossEntropySum(INDArray probabilities, INDArray labels) {
        INDArray logp = Transforms.log(Transforms.max(probabilities, 1e-10, true), false);
        return -logp.muli(labels).sumNumber().doubleValue();
    }

    static EvaluationReport toReport(Evaluation eval, LabeledImages set, double loss) {
        int k = set.classes();
        int[][] confusion = new int[k][k];
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                confusion[a][p] = eval.getConfusion().getCount(a, p);
            }
            precision[a] = eval.precision(a);
            recall[a] = eval.recall(a);
            f1[a] = eval.f1(a);
        }
        return new EvaluationReport(set.count(), eval.accuracy(), loss, set.labelNames(), confusion, precision, recall, f1);
    }
}
