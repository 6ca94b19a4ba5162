package io.softmax4j.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one trial produced: a row of the sweep's results.
 *
 * @param id            1-based trial number
 * @param values        swept key to this trial's value
 * @param status        how the trial ended
 * @param objective     the objective metric at the kept model's epoch ({@code null} unless done)
 * @param epochs        epochs trained
 * @param modelEpoch    the epoch whose weights the trial's model holds (0 when no model was saved)
 * @param seconds       wall time of the trial: data hand-over, training, saving, pictures
 * @param trainSeconds  time spent training (and evaluating each epoch)
 * @param reason        why the trial was pruned, diverged or failed; "" when done
 * @param curve         the objective metric after each epoch
 * @param testAccuracy  the test accuracy of the trial's model; never shown or used for selection,
 *                      reported once for the selected trial
 */
public record TrialResult(int id, Map<String, String> values, Status status, Double objective, int epochs,
                          int modelEpoch, double seconds, double trainSeconds, String reason, List<Double> curve,
                          Double testAccuracy) implements Serializable {
    /** How a trial ended. */
    public enum Status { done, pruned, diverged, failed }

    public TrialResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        curve = List.copyOf(curve);
        reason = reason == null ? "" : reason;
    }

    /** {@code trial-007}. */
    public String trial() {
        return TrialSpec.name(id);
    }

    /** The same result with the times zeroed: what must match between runs of the same sweep. */
    public TrialResult withoutTimes() {
        return new TrialResult(id, values, status, objective, epochs, modelEpoch, 0, 0, reason, curve, testAccuracy);
    }
}
