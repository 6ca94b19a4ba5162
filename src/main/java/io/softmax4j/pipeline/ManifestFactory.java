package io.softmax4j.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.softmax4j.artifact.ManifestCodec;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.artifact.Versions;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.training.TrainingResult;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds a model's {@link ModelManifest} from what the training run used and produced. */
public final class ManifestFactory {
    private ManifestFactory() {
    }

    /**
     * The manifest for a trained model (its parameters' digest is filled in when it is saved).
     *
     * @param test the final model's evaluation on the test set
     */
    public static ModelManifest create(RunConfig config, Dataset data, TrainingResult result, EvaluationReport test) {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, Versions.softmax4j(), Versions.dl4j(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                ModelManifest.InputContract.grayscale(data.train().rows(), data.train().cols()),
                data.train().labelNames(), configTree(config), identity(data),
                config.training().seed(), result.history().stream().map(ManifestFactory::epoch).toList(),
                new ModelManifest.TestMetrics(test.examples(), test.accuracy(), test.loss()), null);
    }

    /**
     * The config as the JSON tree of its canonical YAML ({@link ConfigLoader#toYaml}), so that
     * {@code evaluate} and {@code predict} read it back through {@link ConfigLoader} unchanged.
     */
    static JsonNode configTree(RunConfig config) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(ConfigLoader.toYaml(config));
        } catch (JsonProcessingException e) {
            return ManifestCodec.tree(config);
        }
    }

    /** The dataset's name, sizes and file checksums (for {@code .gz} files, of their decompressed content). */
    public static ModelManifest.DatasetIdentity identity(Dataset data) {
        return new ModelManifest.DatasetIdentity(data.name(), data.train().count(),
                data.hasValidation() ? data.validation().count() : 0, data.test().count(), checksums(data.checksums()));
    }

    /** Adler32 checksums as {@code adler32:<8 hex digits>}. */
    public static Map<String, String> checksums(Map<String, Long> adler32) {
        Map<String, String> out = new LinkedHashMap<>();
        adler32.forEach((file, sum) -> out.put(file, String.format(Locale.ROOT, "adler32:%08x", sum)));
        return out;
    }

    private static ModelManifest.EpochRecord epoch(EpochMetrics m) {
        return new ModelManifest.EpochRecord(m.epoch(), m.loss(), m.trainAccuracy(), m.testAccuracy(), m.seconds());
    }
}
