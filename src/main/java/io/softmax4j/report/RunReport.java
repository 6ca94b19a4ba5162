package io.softmax4j.report;

import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.evaluation.Predictions;
import io.softmax4j.metrics.EpochMetrics;

import java.util.List;

/**
 * Everything a run report shows, as result records (no DL4J types).
 *
 * @param title       heading of the HTML page, e.g. the model file name
 * @param configYaml  the effective config as YAML, or empty when unknown
 * @param history     one entry per trained epoch; empty for a saved model being evaluated
 * @param evaluation  the final scores on the test set
 * @param predictions each test image's predicted class and probability
 */
public record RunReport(String title, String configYaml, List<EpochMetrics> history,
                        EvaluationReport evaluation, Predictions predictions) {
    public RunReport {
        configYaml = configYaml == null ? "" : configYaml;
        history = List.copyOf(history);
    }
}
