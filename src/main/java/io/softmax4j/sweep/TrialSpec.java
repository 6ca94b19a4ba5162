package io.softmax4j.sweep;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial of a sweep as plain data, so it can be stored, resumed, or shipped to another
 * machine (a Spark task) and run there with {@link TrialRunner#run}.
 *
 * @param id        1-based trial number
 * @param baseYaml  the sweep's effective base config (every default filled in)
 * @param overrides the trial's {@code key=value} overrides, applied as {@code --set} would
 * @param values    swept key to the value this trial takes (for tables), in sweep order
 * @param seed      the trial's training seed ({@code training.seed})
 */
public record TrialSpec(int id, String baseYaml, List<String> overrides, Map<String, String> values, long seed)
        implements Serializable {
    /** The name of the model file inside a trial's folder. */
    public static final String MODEL = "model.zip";

    public TrialSpec {
        overrides = List.copyOf(overrides);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code trial-007}. */
    public String name() {
        return name(id);
    }

    static String name(int id) {
        return String.format("trial-%03d", id);
    }

    /** The trial's effective config, writing its model to {@code trialDir/model.zip}. */
    public RunConfig config(Path trialDir) {
        List<String> all = new ArrayList<>(overrides);
        all.add("training.seed=" + seed);
        all.add("output.model=" + trialDir.resolve(MODEL));
        return ConfigLoader.fromYaml(baseYaml, all, name());
    }
}
