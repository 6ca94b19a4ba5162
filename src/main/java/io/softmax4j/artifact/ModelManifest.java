package io.softmax4j.artifact;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What a softmax4j model zip says about itself, stored as the JSON entry
 * {@value ModelArtifactWriter#MANIFEST_ENTRY} beside DL4J's own entries (DL4J ignores it).
 *
 * <p>This record depends on no training types on purpose: an application that only classifies
 * reads it without the training code, and old manifests stay readable when the config records
 * change (the effective config is kept as a JSON tree).
 *
 * @param formatVersion    the manifest format; readers refuse versions newer than they know
 * @param softmax4jVersion the softmax4j version that wrote the model
 * @param dl4jVersion      the Deeplearning4j version that wrote the model
 * @param createdAt        when the model was saved, ISO-8601 UTC
 * @param input            what the network expects as input
 * @param labels           class names in output order
 * @param config           the effective run config (every default filled in), as JSON
 * @param dataset          which data the model was trained and tested on
 * @param seed             the training seed
 * @param history          one entry per completed epoch
 * @param test             the final model's figures on the test set
 * @param parametersSha256 SHA-256 (hex) of the parameters, see {@link ParameterDigest}
 */
public record ModelManifest(int formatVersion, String softmax4jVersion, String dl4jVersion, String createdAt,
                            InputContract input, List<String> labels, JsonNode config, DatasetIdentity dataset,
                            long seed, List<EpochRecord> history, TestMetrics test, String parametersSha256) {
    /** The format this version of softmax4j writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    public ModelManifest {
        labels = labels == null ? null : List.copyOf(labels);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The same manifest with the parameters' digest filled in. */
    public ModelManifest withParametersSha256(String sha256) {
        return new ModelManifest(formatVersion, softmax4jVersion, dl4jVersion, createdAt, input, labels, config,
                dataset, seed, history, test, sha256);
    }

    /**
     * The input contract: a {@code height x width} grayscale image flattened row by row into
     * {@code length} values, each pixel scaled from 0..255 to {@code min..max}, light
     * foreground on a dark background (MNIST's white digit on black).
     *
     * @param height   image rows
     * @param width    image columns
     * @param channels colour channels ({@code grayscale})
     * @param length   values per input ({@code height * width})
     * @param layout   how pixels are ordered ({@code row-major})
     * @param scaling  how a 0..255 pixel becomes an input value
     * @param min      smallest input value (background)
     * @param max      largest input value (foreground)
     * @param polarity which of foreground and background is bright
     */
    public record InputContract(int height, int width, String channels, int length, String layout, String scaling,
                                double min, double max, String polarity) {
        /** The contract softmax4j trains with: grayscale, row-major, pixel / 255, white on black. */
        public static InputContract grayscale(int height, int width) {
            return new InputContract(height, width, "grayscale", height * width, "row-major", "pixel / 255",
                    0.0, 1.0, "white foreground on black background");
        }
    }

    /**
     * The data a model was trained on.
     *
     * @param name          dataset name (e.g. {@code mnist}), as the config's {@code data.dataset}
     * @param trainExamples      training examples used (without the held-out validation examples)
     * @param validationExamples examples held out from the training files for validation (0 if none)
     * @param testExamples       test examples used
     * @param checksums          file name to checksum ({@code algorithm:hex}) of every file read
     */
    public record DatasetIdentity(String name, int trainExamples, int validationExamples, int testExamples,
                                  Map<String, String> checksums) {
        public DatasetIdentity {
            checksums = checksums == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(checksums));
        }
    }

    /** One epoch of the training history (the figures of training's {@code EpochMetrics}). */
    public record EpochRecord(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds) {
    }

    /**
     * The saved model's figures on the test set.
     *
     * @param examples test examples scored
     * @param accuracy fraction classified correctly
     * @param loss     mean cross-entropy per example
     */
    public record TestMetrics(int examples, double accuracy, double loss) {
    }
}
