package io.softmax4j.evaluation;

import java.util.List;

/**
 * What a model scored on a labelled set.
 *
 * @param examples   how many examples were scored
 * @param accuracy   fraction classified correctly
 * @param loss       mean cross-entropy per example
 * @param labelNames class names in output order
 * @param confusion  confusion[actual][predicted] counts
 * @param precision  per-class precision
 * @param recall     per-class recall
 * @param f1         per-class F1
 */
public record EvaluationReport(int examples, double accuracy, double loss, List<String> labelNames,
                               int[][] confusion, double[] precision, double[] recall, double[] f1) {
}
