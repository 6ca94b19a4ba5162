package io.softmax4j.config;

import io.softmax4j.config.ConfigSchema.Kind;
import io.softmax4j.config.ConfigSchema.Scalar;
import io.softmax4j.config.SweepConfig.Distribution;
import io.softmax4j.config.SweepConfig.Metric;
import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.config.SweepConfig.Pruner;
import io.softmax4j.config.SweepConfig.RandomSearch;
import io.softmax4j.config.SweepConfig.Value;
import io.softmax4j.config.YamlDocument.Located;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a sweep file (and {@code --grid key=v1,v2} options) into a {@link SweepConfig}, checking
 * every key and value against the base config before any trial runs: each value is applied to the
 * base config as {@code --set key=value} would be, so a typo or an out-of-range value fails with
 * the same message as {@code --set}, but pointing at the sweep file's line.
 *
 * <pre>
 * name: sweep-lr                    # default: the file's name
 * grid:                             # every combination ...
 *   training.updater.learningRate: [0.005, 0.01, 0.03, 0.1, 0.3, 1]
 * random:                           # ... or random search
 *   trials: 24
 *   seed: 7
 *   params:
 *     training.updater.learningRate: {distribution: log-uniform, min: 0.001, max: 1}
 *     data.batchSize: {distribution: choice, values: [64, 256]}
 * set: {training.epochs: 5}         # applied to every trial
 * objective: {metric: validationAccuracy, goal: maximize}
 * pruner: {type: successive-halving, minEpochs: 1, reductionFactor: 2, minTrials: 3}
 * </pre>
 */
public final class SweepConfigLoader {
    /** Largest sweep file accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** Most trials a grid may expand to. */
    public static final int MAX_GRID_TRIALS = 10_000;
    static final List<String> TOP_KEYS = List.of("name", "grid", "random", "set", "objective", "pruner");
    static final String PRUNER_TYPE = "successive-halving";
    /** Keys each trial sets itself. */
    static final List<String> RESERVED = List.of("output.model");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SweepConfigLoader() {
    }

    /**
     * Loads a sweep.
     *
     * @param sweepFile the sweep file, or {@code null} for a sweep given only by {@code --grid}
     * @param cliGrid   {@code key=v1,v2,...} options, added to the file's grid
     * @param name      the sweep's name from the command line, or {@code null}
     * @param baseYaml  the effective base config (with its {@code --set} overrides applied)
     */
    public static SweepConfig load(Path sweepFile, List<String> cliGrid, String name, String baseYaml) {
        Located root = sweepFile == null ? YamlDocument.empty("--grid").top() : parse(sweepFile);
        String where = sweepFile == null ? "--grid" : sweepFile.toString();
        checkTopKeys(root);
        List<String> fixed = fixed(root.entries().get("set"), baseYaml);
        Map<String, List<Value>> grid = grid(root.entries().get("grid"));
        for (String option : cliGrid) {
            addCliGrid(grid, option);
        }
        RandomSearch random = root.entries().containsKey("random") ? random(root.entries().get("random")) : null;
        if (random != null && !grid.isEmpty()) {
            throw new ConfigException("grid", origin(root, "random", where) + ": give either a grid (grid: or --grid) or "
                    + "random: with trials and params, not both");
        }
        if (random == null && grid.isEmpty()) {
            throw new ConfigException("grid", where + ": nothing to sweep; give grid: {key: [values]} or random: "
                    + "{trials: N, params: ...} in the sweep file, or --grid key=v1,v2 on the command line");
        }
        Objective objective = objective(root.entries().get("objective"));
        Pruner pruner = pruner(root.entries().get("pruner"));
        SweepConfig sweep = new SweepConfig(name(name, root, sweepFile), grid, random, fixed, objective, pruner);
        checkValues(sweep, baseYaml);
        return sweep;
    }

    // ---- reading -------------------------------------------------------------------------------

    private static Located parse(Path file) {
        String where = file.toString();
        String text = ConfigLoader.read(file, "sweep", "an example is config/sweep-lr.yaml", "config/sweep-lr.yaml");
        YamlDocument doc = text.isBlank() ? null : YamlDocument.parse(text, where);
        if (doc == null || doc.root() == null) {
            throw new ConfigException(null, where + ": sweep file is empty; see config/sweep-lr.yaml for an example");
        }
        if (!doc.top().json().isObject()) {
            throw new ConfigException(null, doc.top().origin() + ": expected a mapping with keys " + ConfigSchema.list(TOP_KEYS)
                    + ", got " + doc.top().describe());
        }
        return doc.top();
    }

    private static void checkTopKeys(Located root) {
        for (String key : root.entries().keySet()) {
            if (!TOP_KEYS.contains(key)) {
                String hint = ConfigSchema.allPaths().contains(key) || key.contains(".")
                        ? " (config keys go under grid:, random: params: or set:)"
                        : ConfigSchema.didYouMean(key, TOP_KEYS, "");
                throw new ConfigException(key, root.keyOrigin(key) + ": unknown sweep key " + key + hint
                        + "; allowed: " + ConfigSchema.list(TOP_KEYS));
            }
        }
    }

    private static String name(String given, Located root, Path file) {
        String name;
        String origin;
        if (given != null) {
            name = given;
            origin = "--name";
        } else if (root.entries().containsKey("name")) {
            name = text(root.entries().get("name"), "name");
            origin = root.entries().get("name").origin();
        } else {
            if (file == null) {
                return null; // the caller names a --grid sweep after its base config
            }
            String f = file.getFileName().toString();
            name = f.replaceAll("\\.(ya?ml)$", "");
            origin = file.toString();
        }
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("name", origin + ": sweep name '" + name + "' must be 1-64 letters, digits, '.', "
                    + "'_' or '-' (it names the folder models/sweeps/<name>)");
        }
        return name;
    }

    private static List<String> fixed(Located node, String baseYaml) {
        List<String> fixed = new ArrayList<>();
        if (node == null) {
            return fixed;
        }
        Located set = map(node, "set", "e.g. set: {training.epochs: 5}");
        for (Map.Entry<String, Located> e : set.entries().entrySet()) {
            String key = e.getKey();
            String origin = set.keyOrigin(key);
            checkNotReserved(key, origin);
            String value = text(e.getValue(), "set: " + key);
            String override = key + "=" + value;
            checkOverride(baseYaml, fixed, key, value, origin);
            fixed.add(override);
        }
        return fixed;
    }

    private static Map<String, List<Value>> grid(Located node) {
        Map<String, List<Value>> grid = new LinkedHashMap<>();
        if (node == null) {
            return grid;
        }
        Located map = map(node, "grid", "e.g. grid: {training.updater.learningRate: [0.01, 0.1]}");
        if (map.entries().isEmpty()) {
            throw new ConfigException("grid", map.origin() + ": grid is empty; give at least one key with a list of values");
        }
        for (Map.Entry<String, Located> e : map.entries().entrySet()) {
            String key = e.getKey();
            checkNotReserved(key, map.keyOrigin(key));
            if (!e.getValue().json().isArray()) {
                throw new ConfigException(key, e.getValue().origin() + ": grid " + key + " must be a list of values, e.g. "
                        + key + ": [a, b], got " + e.getValue().describe());
            }
            grid.put(key, values(e.getValue(), "grid " + key, key));
        }
        return grid;
    }

    private static List<Value> values(Located list, String what, String key) {
        if (list.items().isEmpty()) {
            throw new ConfigException(key, list.origin() + ": " + what + " has no values; list at least one");
        }
        List<Value> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Located item : list.items()) {
            String text = text(item, what);
            if (!seen.add(text)) {
                throw new ConfigException(key, item.origin() + ": " + what + " lists " + text + " twice; give each value once");
            }
            values.add(new Value(text, item.origin()));
        }
        return values;
    }

    private static void addCliGrid(Map<String, List<Value>> grid, String option) {
        String origin = "--grid " + option;
        int eq = option.indexOf('=');
        String key = eq < 0 ? option.trim() : option.substring(0, eq).trim();
        if (eq <= 0 || option.substring(eq + 1).isBlank()) {
            throw new ConfigException(key.isEmpty() ? null : key, origin + ": expected key=v1,v2,..., e.g. "
                    + "--grid training.updater.learningRate=0.01,0.1,1");
        }
        checkNotReserved(key, origin);
        if (grid.containsKey(key)) {
            throw new ConfigException(key, origin + ": " + key + " is already swept (" + grid.get(key).get(0).origin()
                    + "); give its values once");
        }
        List<Value> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String v : option.substring(eq + 1).split(",", -1)) {
            String text = v.trim();
            if (text.isEmpty()) {
                throw new ConfigException(key, origin + ": empty value in the list; write --grid " + key + "=v1,v2");
            }
            if (!seen.add(text)) {
                throw new ConfigException(key, origin + ": lists " + text + " twice; give each value once");
            }
            values.add(new Value(text, origin));
        }
        grid.put(key, values);
    }

    private static RandomSearch random(Located node) {
        Located map = map(node, "random", "e.g. random: {trials: 20, seed: 1, params: {...}}");
        allowOnly(map, "random", List.of("trials", "seed", "params"));
        Located trialsNode = map.entries().get("trials");
        if (trialsNode == null) {
            throw new ConfigException("random.trials", map.origin() + ": random needs trials: N (how many trials to sample)");
        }
        long trials = integer(trialsNode, "random.trials");
        if (trials < 1 || trials > RandomSearch.MAX_TRIALS) {
            throw new ConfigException("random.trials", trialsNode.origin() + ": random.trials must be in [1, "
                    + RandomSearch.MAX_TRIALS + "], got " + trials);
        }
        long seed = map.entries().containsKey("seed") ? integer(map.entries().get("seed"), "random.seed") : 42;
        Located paramsNode = map.entries().get("params");
        if (paramsNode == null) {
            throw new ConfigException("random.params", map.origin() + ": random needs params: {key: {distribution: ...}}");
        }
        Located params = map(paramsNode, "random.params",
                "e.g. params: {training.updater.learningRate: {distribution: log-uniform, min: 0.001, max: 1}}");
        if (params.entries().isEmpty()) {
            throw new ConfigException("random.params", params.origin() + ": random.params is empty; give at least one key");
        }
        Map<String, Distribution> dists = new LinkedHashMap<>();
        for (Map.Entry<String, Located> e : params.entries().entrySet()) {
            checkNotReserved(e.getKey(), params.keyOrigin(e.getKey()));
            dists.put(e.getKey(), distribution(e.getKey(), e.getValue()));
        }
        return new RandomSearch((int) trials, seed, dists);
    }

    private static Distribution distribution(String key, Located node) {
        Located map = map(node, "random.params " + key, "e.g. {distribution: log-uniform, min: 0.001, max: 1}");
        Located kindNode = map.entries().get("distribution");
        if (kindNode == null) {
            throw new ConfigException(key, map.origin() + ": " + key + " needs distribution: uniform, log-uniform or choice");
        }
        String kind = text(kindNode, key + " distribution");
        switch (kind) {
            case "choice" -> {
                allowOnly(map, key, List.of("distribution", "values"));
                Located list = map.entries().get("values");
                if (list == null || !list.json().isArray()) {
                    throw new ConfigException(key, map.origin() + ": " + key + " (choice) needs values: [a, b, ...]");
                }
                return new SweepConfig.Choice(values(list, key + " values", key), map.origin());
            }
            case "uniform", "log-uniform" -> {
                allowOnly(map, key, List.of("distribution", "min", "max"));
                Kind type = ConfigSchema.find(key) instanceof Scalar s ? s.kind() : null;
                if (type != Kind.INTEGER && type != Kind.LONG && type != Kind.NUMBER) {
                    throw new ConfigException(key, kindNode.origin() + ": " + key + " is not a number; give it "
                            + "distribution: choice with values: [...]");
                }
                double min = number(map, "min", key);
                double max = number(map, "max", key);
                if (!(min < max)) {
                    throw new ConfigException(key, map.origin() + ": " + key + " needs min < max, got min " + min + ", max " + max);
                }
                boolean integer = type != Kind.NUMBER;
                if (kind.equals("uniform")) {
                    return new SweepConfig.Uniform(min, max, integer, map.origin());
                }
                if (min <= 0) {
                    throw new ConfigException(key, map.entries().get("min").origin() + ": " + key
                            + " (log-uniform) needs min > 0, got " + min + "; use uniform for ranges that include 0");
                }
                return new SweepConfig.LogUniform(min, max, integer, map.origin());
            }
            default -> throw new ConfigException(key, kindNode.origin() + ": unknown distribution " + kind + " for " + key
                    + "; allowed: uniform, log-uniform, choice");
        }
    }

    private static Objective objective(Located node) {
        if (node == null) {
            return Objective.DEFAULT;
        }
        Located metricNode = node;
        Located goalNode = null;
        if (node.json().isObject()) {
            Located map = node;
            allowOnly(map, "objective", List.of("metric", "goal"));
            metricNode = map.entries().get("metric");
            goalNode = map.entries().get("goal");
            if (metricNode == null) {
                throw new ConfigException("objective.metric", map.origin() + ": objective needs metric: "
                        + Arrays.toString(Metric.values()));
            }
        }
        String name = text(metricNode, "objective.metric");
        String metricOrigin = metricNode.origin();
        if (name.toLowerCase(Locale.ROOT).startsWith("test")) {
            throw new ConfigException("objective.metric", metricNode.origin() + ": objective " + name + " is not allowed: "
                    + "choosing by the test set makes its accuracy an optimistic estimate; use validationAccuracy "
                    + "(the default, on the data.validation hold-out)");
        }
        Metric metric = Arrays.stream(Metric.values()).filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException("objective.metric", metricOrigin + ": unknown objective metric "
                        + name + ConfigSchema.didYouMean(name, Arrays.stream(Metric.values()).map(Enum::name).toList(), "")
                        + "; allowed: " + Arrays.toString(Metric.values())));
        boolean maximise = metric.maximiseByDefault;
        if (goalNode != null) {
            String goal = text(goalNode, "objective.goal").toLowerCase(Locale.ROOT);
            maximise = switch (goal) {
                case "maximize", "maximise", "max" -> true;
                case "minimize", "minimise", "min" -> false;
                default -> throw new ConfigException("objective.goal", goalNode.origin() + ": objective.goal must be "
                        + "maximize or minimize, got " + goal);
            };
        }
        return new Objective(metric, maximise);
    }

    private static Pruner pruner(Located node) {
        if (node == null || node.json().isNull()) {
            return null;
        }
        if (!node.json().isObject() && !node.json().isArray()) {
            checkPrunerType(node);
            return Pruner.defaults();
        }
        Located map = map(node, "pruner", "e.g. pruner: {type: successive-halving, reductionFactor: 2}");
        allowOnly(map, "pruner", List.of("type", "minEpochs", "reductionFactor", "minTrials"));
        Located type = map.entries().get("type");
        if (type != null && !type.json().isObject() && !type.json().isArray()) {
            checkPrunerType(type);
        }
        Pruner d = Pruner.defaults();
        try {
            return new Pruner(intOr(map, "minEpochs", d.minEpochs()), intOr(map, "reductionFactor", d.reductionFactor()),
                    intOr(map, "minTrials", d.minTrials()));
        } catch (ConfigException e) {
            String k = e.key().substring("pruner.".length());
            throw new ConfigException(e.key(), map.entries().get(k).origin() + ": " + e.getMessage(), e);
        }
    }

    private static void checkPrunerType(Located s) {
        if (!s.text().equals(PRUNER_TYPE)) {
            throw new ConfigException("pruner.type", s.origin() + ": unknown pruner " + s.text() + "; allowed: " + PRUNER_TYPE);
        }
    }

    // ---- checking values through --set's code -----------------------------------------------

    /** Every value (and each distribution's ends) applied to the base config, as --set would. */
    private static void checkValues(SweepConfig sweep, String baseYaml) {
        for (Map.Entry<String, List<Value>> e : sweep.grid().entrySet()) {
            if (dependsOnSweptType(sweep, e.getKey())) {
                continue; // valid only with some of the swept types: the planner checks each combination
            }
            for (Value v : e.getValue()) {
                checkOverride(baseYaml, sweep.fixed(), e.getKey(), v.text(), v.origin());
            }
        }
        if (sweep.random() != null) {
            for (Map.Entry<String, Distribution> e : sweep.random().params().entrySet()) {
                String key = e.getKey();
                if (sweep.fixed().stream().anyMatch(f -> f.startsWith(key + "="))) {
                    throw new ConfigException(key, e.getValue().origin() + ": " + key + " is both swept and fixed in set:");
                }
                if (dependsOnSweptType(sweep, key)) {
                    continue;
                }
                for (Value v : ends(e.getValue())) {
                    checkOverride(baseYaml, sweep.fixed(), key, v.text(), v.origin());
                }
            }
        }
        for (String key : sweep.grid().keySet()) {
            if (sweep.fixed().stream().anyMatch(f -> f.startsWith(key + "="))) {
                throw new ConfigException(key, sweep.grid().get(key).get(0).origin() + ": " + key
                        + " is both swept and fixed in set:; give it in one place");
            }
        }
    }

    /** An updater key (e.g. momentum) while the updater type is swept too: whether it fits depends on the trial. */
    private static boolean dependsOnSweptType(SweepConfig sweep, String key) {
        return key.startsWith("training.updater.") && !key.equals("training.updater.type")
                && sweep.keys().contains("training.updater.type");
    }

    /** The values that stand for a distribution when checking: its ends, or every choice. */
    private static List<Value> ends(Distribution d) {
        if (d instanceof SweepConfig.Choice c) {
            return c.values();
        }
        double min = d instanceof SweepConfig.Uniform u ? u.min() : ((SweepConfig.LogUniform) d).min();
        double max = d instanceof SweepConfig.Uniform u ? u.max() : ((SweepConfig.LogUniform) d).max();
        boolean integer = d instanceof SweepConfig.Uniform u ? u.integer() : ((SweepConfig.LogUniform) d).integer();
        return List.of(new Value(format(min, integer), d.origin()), new Value(format(max, integer), d.origin()));
    }

    /** A sampled number as {@code --set} takes it. */
    public static String format(double value, boolean integer) {
        if (integer) {
            return Long.toString(Math.round(value));
        }
        return Double.toString(value);
    }

    /**
     * Applies {@code key=value} (after {@code fixed}) to the base config through the same code as
     * {@code --set}; a failure is reported at {@code origin} (the sweep file's line).
     */
    public static void checkOverride(String baseYaml, List<String> fixed, String key, String value, String origin) {
        List<String> all = new ArrayList<>(fixed);
        String override = key + "=" + value;
        all.add(override);
        try {
            ConfigLoader.fromYaml(baseYaml, all, "the base config");
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), origin + ": " + relocate(e.getMessage(), override), e);
        }
    }

    /** Drops the {@code --set k=v: } origin the override code puts first: the caller names the sweep file instead. */
    static String relocate(String message, String override) {
        String prefix = ConfigOverrides.ORIGIN_PREFIX + override + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static void checkNotReserved(String key, String origin) {
        if (RESERVED.contains(key)) {
            throw new ConfigException(key, origin + ": " + key + " cannot be swept or set: each trial writes its model "
                    + "to models/sweeps/<name>/trial-NNN/model.zip");
        }
    }

    // ---- node helpers --------------------------------------------------------------------------

    private static Located map(Located node, String what, String example) {
        if (node.json().isObject()) {
            return node;
        }
        throw new ConfigException(what, node.origin() + ": " + what + " must be a mapping (" + example + "), got "
                + node.describe());
    }

    private static void allowOnly(Located map, String what, List<String> allowed) {
        for (String key : map.entries().keySet()) {
            if (!allowed.contains(key)) {
                throw new ConfigException(key, map.keyOrigin(key) + ": unknown key " + key + " in " + what
                        + ConfigSchema.didYouMean(key, allowed, "") + "; allowed: " + ConfigSchema.list(allowed));
            }
        }
    }

    private static String text(Located node, String what) {
        if (node.json().isObject() || node.json().isArray() || node.json().isNull() || node.text().isBlank()) {
            throw new ConfigException(what, node.origin() + ": " + what + " needs a single value, got " + node.describe());
        }
        return node.text();
    }

    private static long integer(Located node, String what) {
        String t = text(node, what);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ConfigException(what, node.origin() + ": " + what + " must be an integer, got " + t);
        }
    }

    private static int intOr(Located map, String key, int fallback) {
        Located n = map.entries().get(key);
        if (n == null) {
            return fallback;
        }
        long v = integer(n, "pruner." + key);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static double number(Located map, String which, String key) {
        Located n = map.entries().get(which);
        if (n == null) {
            throw new ConfigException(key, map.origin() + ": " + key + " needs " + which + ": NUMBER");
        }
        String t = text(n, key + " " + which);
        try {
            double d = Double.parseDouble(t);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, n.origin() + ": " + key + " " + which + " must be a number, got " + t);
        }
    }

    private static String origin(Located root, String key, String where) {
        return root.entries().containsKey(key) ? root.keyOrigin(key) : where;
    }
}
