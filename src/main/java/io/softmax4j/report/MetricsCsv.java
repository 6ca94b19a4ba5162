package io.softmax4j.report;

import io.softmax4j.metrics.EpochMetrics;

import java.util.List;
import java.util.Locale;

/**
 * The training history as CSV, one row per epoch, so runs can be compared with any tool
 * (a spreadsheet, pandas, gnuplot). Columns: {@value #HEADER}; {@code val_acc} is empty when no
 * validation set is held out.
 */
public final class MetricsCsv {
    /** The file name, written in the run folder beside the model. */
    public static final String FILE = io.softmax4j.run.RunLayout.METRICS;
    static final String HEADER = "epoch,train_loss,train_acc,val_acc,test_acc,seconds";

    private MetricsCsv() {
    }

    /** The CSV text, header first. */
    public static String format(List<EpochMetrics> history) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : history) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%s,%.6f,%.3f%n", m.epoch(), m.loss(), m.trainAccuracy(),
                    m.hasValidation() ? String.format(Locale.ROOT, "%.6f", m.validationAccuracy()) : "",
                    m.testAccuracy(), m.seconds()).replace(System.lineSeparator(), "\n"));
        }
        return csv.toString();
    }
}
