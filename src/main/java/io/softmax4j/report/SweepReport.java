package io.softmax4j.report;

import java.util.List;

/**
 * What a sweep's report shows: one row per ended trial, as plain values.
 *
 * @param name        the sweep's name
 * @param metric      the objective metric's name
 * @param maximise    whether larger is better
 * @param keys        the swept keys
 * @param rows        the ended trials, by trial number
 * @param best        the selected trial's name, or {@code null}
 * @param trialsPlanned how many trials the sweep has in all
 */
public record SweepReport(String name, String metric, boolean maximise, List<String> keys, List<Row> rows, String best,
                          int trialsPlanned) {
    public SweepReport {
        keys = List.copyOf(keys);
        rows = List.copyOf(rows);
    }

    /**
     * One trial.
     *
     * @param values    the trial's value of each key, in {@link #keys} order
     * @param objective the objective, or {@code null} when the trial did not finish
     * @param curve     the objective metric after each epoch
     */
    public record Row(String trial, List<String> values, Double objective, String status, int epochs, double seconds,
                      String reason, List<Double> curve) {
        public Row {
            values = List.copyOf(values);
            curve = List.copyOf(curve);
        }
    }
}
