package io.softmax4j.pipeline;

import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.DataException;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Finds the dataset a saved model names in its manifest, so it can be evaluated on its own test set. */
public final class ModelData {
    private ModelData() {
    }

    /**
     * The dataset described by the manifest's effective config.
     *
     * @param dataDir a data folder to use instead of the one recorded in the model, or null
     */
    public static Dataset load(Path modelFile, ModelManifest manifest, String dataDir, Consumer<String> status) {
        RunConfig config = config(modelFile, manifest, dataDir);
        // evaluate and predict need only the test set: the training files are not read
        Dataset data = DatasetSources.forConfig(config.data(), status).loadTest();
        if (data.test().features() != manifest.input().length() || !data.test().labelNames().equals(manifest.labels())) {
            throw new DataException(config.data().dirPath() + ": dataset " + data.name() + " has " + data.test().features()
                    + " pixels and labels " + data.test().labelNames() + ", but model " + modelFile + " takes "
                    + manifest.input().length() + " pixels with labels " + manifest.labels());
        }
        return data;
    }

    /** The model's recorded config, with {@code data.dir} replaced when {@code dataDir} is given. */
    static RunConfig config(Path modelFile, ModelManifest manifest, String dataDir) {
        List<String> overrides = new ArrayList<>();
        if (dataDir != null) {
            overrides.add("data.dir=" + dataDir);
        }
        if (manifest.config() == null || !manifest.config().isObject()) {
            return ConfigLoader.fromYaml("data: {}\n", overrides, modelFile + " (manifest)");
        }
        // JSON is YAML: the recorded config goes through the same checks as a config file
        return ConfigLoader.fromYaml(manifest.config().toString(), overrides, modelFile + " (manifest config)");
    }

    /** Ways the dataset found differs from the one the model was trained on (empty when identical). */
    public static List<String> differences(ModelManifest manifest, Dataset data) {
        List<String> notes = new ArrayList<>();
        ModelManifest.DatasetIdentity trained = manifest.dataset();
        if (trained == null) {
            return List.of("the model records no dataset identity");
        }
        if (!trained.name().equals(data.name())) {
            notes.add("the model was trained on " + trained.name() + ", evaluating on " + data.name());
        }
        ModelManifest.DatasetIdentity now = ManifestFactory.identity(data);
        if (!trained.checksums().isEmpty() && !trained.checksums().equals(now.checksums())) {
            notes.add("the dataset files' checksums differ from those recorded at training time");
        }
        return notes;
    }
}
