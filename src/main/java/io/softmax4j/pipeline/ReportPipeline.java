package io.softmax4j.pipeline;

import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.report.ReportWriter;
import io.softmax4j.report.RunReport;
import io.softmax4j.metrics.EpochMetrics;

import java.nio.file.Path;
import java.util.List;

/**
 * test-set evaluation and predictions -> pictures and report.html: what {@code train} does after
 * saving and {@code evaluate --report DIR} does for a saved model. The {@code report} package sees
 * only records.
 */
public final class ReportPipeline {
    private ReportPipeline() {
    }

    /**
     * Writes the pictures and report of {@code scored} (the test set's evaluation and predictions)
     * into {@code dir}.
     *
     * @param history the training history, or empty for a saved model (then no curves)
     * @return the files written
     */
    public static List<Path> write(ModelEvaluator.Scored scored, String title, String configYaml,
                                   List<EpochMetrics> history, Path dir) {
        return ReportWriter.write(new RunReport(title, configYaml, history, scored.report(), scored.predictions()), dir);
    }
}
