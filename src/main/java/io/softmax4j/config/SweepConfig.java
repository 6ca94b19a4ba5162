package io.softmax4j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hyperparameter sweep as declared in a sweep file (and {@code --grid} options): which keys of
 * the base config vary and how, what is selected on, and whether weak trials are pruned. Every
 * key and value has already been checked against the base config by {@link SweepConfigLoader}
 * through the same override and validation code as {@code --set}.
 *
 * @param name      the sweep's name: its folder is {@code <output.model's folder>/sweeps/<name>}
 * @param grid      key to the values it takes (grid search: every combination), in file order
 * @param random    random search, or {@code null} for a grid
 * @param fixed     {@code key=value} overrides applied to every trial (the file's {@code set:})
 * @param objective what the trials are ranked by
 * @param pruner    successive halving, or {@code null} for none
 */
public record SweepConfig(String name, Map<String, List<Value>> grid, RandomSearch random, List<String> fixed,
                          Objective objective, Pruner pruner) {
    public SweepConfig {
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        fixed = List.copyOf(fixed);
        objective = objective == null ? Objective.DEFAULT : objective;
    }

    /** The swept keys, grid keys first, in the order they were written. */
    public List<String> keys() {
        return random != null ? List.copyOf(random.params().keySet()) : List.copyOf(grid.keySet());
    }

    /**
     * One value as written.
     *
     * @param text   the value's text, as {@code --set key=text} takes it
     * @param origin where it was written ({@code sweep.yaml:4}, {@code --grid key=...})
     */
    public record Value(String text, String origin) {
    }

    /**
     * Random search.
     *
     * @param trials how many trials to sample
     * @param seed   seeds the sampling: the same seed gives the same trials
     * @param params key to the distribution its values are drawn from, in file order
     */
    public record RandomSearch(int trials, long seed, Map<String, Distribution> params) {
        public static final int MAX_TRIALS = 10_000;

        public RandomSearch {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** Where a random-search key's values come from. */
    public sealed interface Distribution {
        /** Where the distribution was written. */
        String origin();
    }

    /**
     * Uniform on [min, max]; {@code integer} keys are rounded to whole numbers.
     */
    public record Uniform(double min, double max, boolean integer, String origin) implements Distribution {
    }

    /** Log-uniform on [min, max] (min above 0): each decade equally likely, as for learning rates. */
    public record LogUniform(double min, double max, boolean integer, String origin) implements Distribution {
    }

    /** One of the listed values, each equally likely. */
    public record Choice(List<Value> values, String origin) implements Distribution {
        public Choice {
            values = List.copyOf(values);
        }
    }

    /** The metrics a sweep can rank trials by; the test set is never one of them. */
    public enum Metric {
        /** Accuracy on the validation hold-out ({@code data.validation}) of the kept model. */
        validationAccuracy(true),
        /** Accuracy on the training batches as trained. */
        trainAccuracy(true),
        /** Mean training cross-entropy. */
        loss(false);

        /** Whether larger is better by default. */
        public final boolean maximiseByDefault;

        Metric(boolean maximiseByDefault) {
            this.maximiseByDefault = maximiseByDefault;
        }
    }

    /**
     * What trials are ranked by.
     *
     * @param metric   the metric of the kept model's epoch
     * @param maximise whether larger is better
     */
    public record Objective(Metric metric, boolean maximise) implements java.io.Serializable {
        public static final Objective DEFAULT = new Objective(Metric.validationAccuracy, true);

        /** Whether {@code a} is strictly better than {@code b}. */
        public boolean better(double a, double b) {
            return maximise ? a > b : a < b;
        }

        /** For tables: {@code validationAccuracy (max)}. */
        public String describe() {
            return metric + (maximise ? " (max)" : " (min)");
        }
    }

    /**
     * Successive halving at rungs of epochs (ASHA-style): at epochs {@code minEpochs},
     * {@code minEpochs * reductionFactor}, ... a trial goes on only if its metric is in the top
     * {@code 1 / reductionFactor} of the trials before it at that epoch (once {@code minTrials}
     * trials, itself included, have reached it).
     */
    public record Pruner(int minEpochs, int reductionFactor, int minTrials) {
        public Pruner {
            if (minEpochs < 1 || minEpochs > 100_000) {
                throw new ConfigException("pruner.minEpochs", "pruner.minEpochs must be in [1, 100000], got " + minEpochs);
            }
            if (reductionFactor < 2 || reductionFactor > 100) {
                throw new ConfigException("pruner.reductionFactor", "pruner.reductionFactor must be in [2, 100], got "
                        + reductionFactor);
            }
            if (minTrials < 1 || minTrials > RandomSearch.MAX_TRIALS) {
                throw new ConfigException("pruner.minTrials", "pruner.minTrials must be in [1, " + RandomSearch.MAX_TRIALS
                        + "], got " + minTrials);
            }
        }

        /**
         * The defaults of Optuna's {@code SuccessiveHalvingPruner} and Ray Tune's ASHA: first rung
         * after epoch 1, keep the top quarter ({@code reductionFactor} 4), no bootstrap (the first
         * trial at a rung goes on; each later one must rank in the top quarter of those before it,
         * itself included, and at least be the best of them while fewer than 8 have reached it).
         */
        public static Pruner defaults() {
            return new Pruner(1, 4, 1);
        }

        /** The epochs at which trials are compared, below {@code epochs}. */
        public List<Integer> rungs(int epochs) {
            List<Integer> rungs = new java.util.ArrayList<>();
            for (long r = minEpochs; r < epochs; r *= reductionFactor) {
                rungs.add((int) r);
            }
            return rungs;
        }
    }
}
