package io.softmax4j.sweep;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.config.SweepConfig;
import io.softmax4j.config.SweepConfig.Distribution;
import io.softmax4j.config.SweepConfig.Metric;
import io.softmax4j.config.SweepConfig.Value;
import io.softmax4j.config.SweepConfigLoader;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expands a {@link SweepConfig} into trials: every combination of a grid (the last key varying
 * fastest), or {@code trials} random draws where trial {@code i}'s values depend only on the seed
 * and {@code i}. Every trial's effective config is built (and so validated) here, before any
 * trial runs.
 */
public final class SweepPlanner {
    /** The hold-out a sweep uses when the base config has none: selection must not use the test set. */
    public static final String DEFAULT_VALIDATION = "0.1";

    private SweepPlanner() {
    }

    /**
     * @param sweep    the checked sweep
     * @param baseYaml the effective base config
     */
    public static SweepPlan plan(SweepConfig sweep, String baseYaml) {
        String base = ConfigLoader.toYaml(ConfigLoader.fromYaml(baseYaml, sweepDefaults(sweep, baseYaml), "the base config"));
        List<Map<String, Value>> combos = sweep.random() != null ? sample(sweep.random()) : product(sweep.grid());
        List<TrialSpec> trials = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            trials.add(trial(i + 1, base, combos.get(i), sweep.objective().metric()));
        }
        return new SweepPlan(sweep.name(), sweep.keys(), sweep.objective(), sweep.pruner(), trials);
    }

    /**
     * The sweep's {@code set:} overrides, plus one ND4J thread per trial (trials run side by
     * side) and a validation hold-out when the objective needs one and the config has none.
     */
    static List<String> sweepDefaults(SweepConfig sweep, String baseYaml) {
        List<String> all = new ArrayList<>();
        if (!mentions(sweep, "runtime.threads")) {
            all.add("runtime.threads=1");
        }
        RunConfig base = ConfigLoader.fromYaml(baseYaml, sweep.fixed(), "the base config");
        if (sweep.objective().metric() == Metric.validationAccuracy && base.data().validation() == 0
                && !mentions(sweep, "data.validation")) {
            all.add("data.validation=" + DEFAULT_VALIDATION);
        }
        all.addAll(sweep.fixed());
        return all;
    }

    private static boolean mentions(SweepConfig sweep, String key) {
        return sweep.keys().contains(key) || sweep.fixed().stream().anyMatch(f -> f.startsWith(key + "="));
    }

    private static TrialSpec trial(int id, String base, Map<String, Value> combo, Metric metric) {
        List<String> overrides = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        combo.forEach((k, v) -> {
            overrides.add(k + "=" + v.text());
            values.put(k, v.text());
        });
        RunConfig config;
        try {
            config = ConfigLoader.fromYaml(base, overrides, TrialSpec.name(id));
        } catch (ConfigException e) {
            Value first = combo.values().iterator().next();
            Value culprit = e.key() != null && combo.containsKey(e.key()) ? combo.get(e.key()) : first;
            throw new ConfigException(e.key(), culprit.origin() + ": " + TrialSpec.name(id) + " " + values
                    + " is not a valid config: " + e.getMessage(), e);
        }
        if (metric == Metric.validationAccuracy && config.data().validation() == 0) {
            Value v = combo.getOrDefault("data.validation", combo.values().iterator().next());
            throw new ConfigException("data.validation", v.origin() + ": " + TrialSpec.name(id) + " holds out no "
                    + "validation set (data.validation is 0), so validationAccuracy cannot be measured; sweep "
                    + "data.validation above 0 or pick another objective");
        }
        return new TrialSpec(id, base, overrides, values, config.training().seed());
    }

    /** Every combination of the grid's values; the last key varies fastest. */
    static List<Map<String, Value>> product(Map<String, List<Value>> grid) {
        long count = 1;
        for (List<Value> values : grid.values()) {
            count *= values.size();
            if (count > SweepConfigLoader.MAX_GRID_TRIALS) {
                Value first = grid.values().iterator().next().get(0);
                throw new ConfigException("grid", first.origin() + ": the grid has more than "
                        + SweepConfigLoader.MAX_GRID_TRIALS + " combinations; use random: with trials: N instead");
            }
        }
        List<Map<String, Value>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Value>> e : grid.entrySet()) {
            List<Map<String, Value>> next = new ArrayList<>();
            for (Map<String, Value> combo : combos) {
                for (Value v : e.getValue()) {
                    Map<String, Value> c = new LinkedHashMap<>(combo);
                    c.put(e.getKey(), v);
                    next.add(c);
                }
            }
            combos = next;
        }
        return combos;
    }

    /** {@code trials} draws; draw {@code i} depends only on the seed and {@code i}. */
    static List<Map<String, Value>> sample(SweepConfig.RandomSearch random) {
        List<Map<String, Value>> combos = new ArrayList<>();
        for (int i = 0; i < random.trials(); i++) {
            SplittableRandom rng = new SplittableRandom(random.seed() * 0x9E3779B97F4A7C15L + i);
            Map<String, Value> combo = new LinkedHashMap<>();
            random.params().forEach((key, d) -> combo.put(key, new Value(draw(d, rng), d.origin())));
            combos.add(combo);
        }
        return combos;
    }

    private static String draw(Distribution d, SplittableRandom rng) {
        if (d instanceof SweepConfig.Choice c) {
            return c.values().get(rng.nextInt(c.values().size())).text();
        }
        if (d instanceof SweepConfig.Uniform u) {
            return number(u.min() + rng.nextDouble() * (u.max() - u.min()), u.integer());
        }
        SweepConfig.LogUniform l = (SweepConfig.LogUniform) d;
        double lo = Math.log(l.min());
        double hi = Math.log(l.max());
        return number(Math.exp(lo + rng.nextDouble() * (hi - lo)), l.integer());
    }

    /** Four significant digits: enough to tell trials apart, short enough for a table. */
    private static String number(double v, boolean integer) {
        if (integer) {
            return Long.toString(Math.round(v));
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
