package io.softmax4j.pipeline;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.evaluation.ModelPredictor;
import io.softmax4j.evaluation.Predictions;
import io.softmax4j.report.ReportWriter;
import io.softmax4j.report.RunReport;
import io.softmax4j.training.EpochMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.List;

/**
 * network + test set -> result records -> pictures and report.html: what {@code train} does after
 * saving and {@code evaluate --report DIR} does for a saved model. DL4J stays on this side; the
 * {@code report} package sees only records.
 */
public final class ReportPipeline {
    private ReportPipeline() {
    }

    /**
     * Scores {@code net} on {@code test} and writes the pictures and report into {@code dir}.
     *
     * @param history    the training history, or empty for a saved model (then no curves)
     * @param evaluation the test-set evaluation if already computed, else null
     * @return the files written
     */
    public static List<Path> write(MultiLayerNetwork net, LabeledImages test, String title, String configYaml,
                                   List<EpochMetrics> history, EvaluationReport evaluation, Path dir) {
        EvaluationReport report = evaluation != null ? evaluation : ModelEvaluator.evaluate(net, test);
        Predictions predictions = ModelPredictor.predict(net, test);
        return ReportWriter.write(new RunReport(title, configYaml, history, report, predictions), dir);
    }
}
