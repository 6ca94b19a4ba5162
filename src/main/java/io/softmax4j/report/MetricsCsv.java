package io.softmax4j.report;

import io.softmax4j.metrics.EpochMetrics;

import java.util.List;
import java.util.Locale;

/**
 * The training history as CSV, one row per epoch, so runs can be compared with any tool
 * (a spreadsheet, pandas, gnuplot). Columns: {@value #HEADER}; {@code val_acc} and {@code val_loss}
 * are empty when no validation set is held out, {@code test_loss} (and {@code val_loss}) for epochs
 * of a resumed run that were trained before these losses were recorded. The two loss columns
 * come last so the earlier columns keep their positions.
 */
public final class MetricsCsv {
    /** The file name, written in the run folder beside the model. */
    public static final String FILE = io.softmax4j.run.RunLayout.METRICS;
    static final String HEADER = "epoch,train_loss,train_acc,val_acc,test_acc,seconds,test_loss,val_loss";

    private MetricsCsv() {
    }

    /** The CSV text, header first. */
    public static String format(List<EpochMetrics> history) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics m : history) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%s,%.6f,%.3f,%s,%s%n", m.epoch(), m.loss(),
                    m.trainAccuracy(), optional(m.validationAccuracy()), m.testAccuracy(), m.seconds(),
                    optional(m.testLoss()), optional(m.validationLoss())).replace(System.lineSeparator(), "\n"));
        }
        return csv.toString();
    }

    private static String optional(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
