package io.softmax4j.evaluation;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.engine.SoftmaxModel;

/**
 * Scores a model on labelled images: accuracy, loss, confusion matrix, per-class precision,
 * recall and F1 (the figures of DL4J's {@code Evaluation}, computed here from the model's
 * predictions; {@code Dl4jEvaluationParityTest} checks they agree), and keeps its predictions.
 */
public final class ModelEvaluator {
    /** Large batches: evaluation has no gradient to keep small, and fewer calls cost less. */
    public static final int EVAL_BATCH = 2000;

    private ModelEvaluator() {
    }

    /** Accuracy only (the per-epoch figure). */
    public static double accuracy(SoftmaxModel model, LabeledImages set) {
        return model.accuracy(set);
    }

    /** The full report: accuracy, loss, confusion matrix, per-class precision, recall and F1. */
    public static EvaluationReport evaluate(SoftmaxModel model, LabeledImages set) {
        return evaluateAndPredict(model, set).report();
    }

    /**
     * The full report and every image's prediction, from one pass of the model over the set
     * (what the manifest and the pictures both need after training).
     */
    public static Scored evaluateAndPredict(SoftmaxModel model, LabeledImages set) {
        SoftmaxModel.Classified out = model.classify(set);
        int[] actual = new int[set.count()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = set.label(i);
        }
        EvaluationReport report = report(set, actual, out.predicted(), out.lossSum() / set.count());
        return new Scored(report, new Predictions(set, out.predicted(), out.probability()));
    }

    /**
     * What one pass over a labelled set gives.
     *
     * @param report      the figures
     * @param predictions each image's predicted class and probability, in order
     */
    public record Scored(EvaluationReport report, Predictions predictions) {
    }

    /** The report of predictions against labels, with DL4J {@code Evaluation}'s definitions and edge cases. */
    static EvaluationReport report(LabeledImages set, int[] actual, int[] predicted, double loss) {
        int k = set.classes();
        int[][] confusion = new int[k][k];
        for (int i = 0; i < actual.length; i++) {
            confusion[actual[i]][predicted[i]]++;
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long correct = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long fp = 0;
            long fn = 0;
            for (int o = 0; o < k; o++) {
                if (o != c) {
                    fp += confusion[o][c];
                    fn += confusion[c][o];
                }
            }
            correct += tp;
            precision[c] = ratio(tp, fp, 0.0);
            recall[c] = ratio(tp, fn, 0.0);
            f1[c] = f1(ratio(tp, fp, -1), ratio(tp, fn, -1));
        }
        double accuracy = actual.length == 0 ? 0.0 : correct / (double) actual.length;
        return new EvaluationReport(set.count(), accuracy, loss, set.labelNames(), confusion, precision, recall, f1);
    }

    /** {@code tp / (tp + other)}, or {@code edgeCase} when both are 0 (DL4J's EvaluationUtils.precision/recall). */
    private static double ratio(long tp, long other, double edgeCase) {
        if (tp == 0 && other == 0) {
            return edgeCase;
        }
        return tp / (double) (tp + other);
    }

    /** F1 as DL4J's Evaluation.fBeta(1, c): 0 when precision or recall is undefined or 0. */
    private static double f1(double precision, double recall) {
        if (precision == -1 || recall == -1 || precision == 0.0 || recall == 0.0) {
            return 0.0;
        }
        double beta = 1.0;
        double numerator = (1 + beta * beta) * precision * recall;
        double denominator = beta * beta * precision + recall;
        return numerator / denominator;
    }
}
