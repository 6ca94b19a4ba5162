package io.softmax4j.cli;

import io.softmax4j.artifact.EmbeddedConfigReader;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's config comes from: a YAML file ({@code --config}) or the config embedded
 * in a model zip ({@code --from-model}), plus {@code --set} overrides. Shared by {@code train}
 * and {@code config show}, so both see exactly the same effective config.
 */
final class ConfigSourceOptions {
    /** The config used when neither {@code --config} nor {@code --from-model} is given. */
    static final Path DEFAULT_CONFIG = Path.of("config/mnist-softmax.yaml");

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file (default: config/mnist-softmax.yaml).")
    Path config;

    @Option(names = "--from-model", paramLabel = "ZIP",
            description = "Use the config embedded in a model zip written by train (repeats its recipe).")
    Path fromModel;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set training.epochs=3 (repeatable; later ones win).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Override data.dir (applied after --set).")
    String dataDir;

    /**
     * A loaded effective config.
     *
     * @param config the effective config
     * @param source what it was read from: a file, or {@code model.zip!softmax4j/config.yaml}
     */
    record Loaded(RunConfig config, String source) {
    }

    /** Every override, in the order it applies. */
    List<String> allOverrides() {
        List<String> all = new ArrayList<>(overrides);
        if (dataDir != null) {
            all.add("data.dir=" + dataDir);
        }
        return all;
    }

    /** Loads and validates the effective config; throws {@code ConfigException} on bad input. */
    Loaded load() {
        if (config != null && fromModel != null) {
            throw new UserInputException("give either --config or --from-model, not both", ExitCodes.EXIT_INVALID_INPUT);
        }
        if (fromModel != null) {
            String where = EmbeddedConfigReader.describe(fromModel);
            return new Loaded(ConfigLoader.fromYaml(EmbeddedConfigReader.read(fromModel), allOverrides(), where), where);
        }
        Path file = config != null ? config : DEFAULT_CONFIG;
        return new Loaded(ConfigLoader.load(file, allOverrides()), file.toString());
    }
}
