package io.softmax4j.sweep;

import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.config.SweepConfig.Pruner;

import java.io.Serializable;
import java.util.List;

/**
 * Everything needed to run (or resume) a sweep: its trials as plain specs. Written to
 * {@code sweep.json} before the first trial starts, so {@code --resume} needs nothing else.
 *
 * @param name      the sweep's name
 * @param keys      the swept keys, in sweep order
 * @param objective what trials are ranked by
 * @param pruner    successive halving, or {@code null}
 * @param trials    the trials, by id
 */
public record SweepPlan(String name, List<String> keys, Objective objective, Pruner pruner, List<TrialSpec> trials)
        implements Serializable {
    public SweepPlan {
        keys = List.copyOf(keys);
        trials = List.copyOf(trials);
    }
}
