package io.softmax4j.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.SoftmaxModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the weights and biases of a softmax regression trained elsewhere (Spark MLlib's
 * multinomial {@code LogisticRegression}: its coefficient matrix and intercepts) into the same
 * DL4J model zip {@code train} writes: the {@link Engine} makes the model, {@link SoftmaxModel#setWeights}
 * takes W and b, and {@link ModelArtifactWriter} writes it.
 */
public final class LinearModelWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LinearModelWriter() {
    }

    /**
     * Writes the model zip atomically.
     *
     * @param coefficients one row per class, one column per input value ({@code classes x inputs},
     *                     MLlib's layout; DL4J's W is its transpose)
     * @param intercepts   one bias per class
     * @param manifest     the manifest (its parameters' digest is filled in here)
     * @param engine       how the weights were made (written as the manifest's {@code engine}
     *                     field, which readers that do not know it ignore)
     * @return the manifest as written
     */
    public static ModelManifest write(double[][] coefficients, double[] intercepts, RunConfig config,
                                      ModelManifest manifest, Map<String, Object> engine, Path target) throws IOException {
        SoftmaxModel net = model(coefficients, intercepts, config);
        ModelManifest complete = manifest.withParametersSha256(ParameterDigest.sha256(net.parameters()));
        ObjectNode tree = (ObjectNode) ManifestCodec.tree(complete);
        tree.set("engine", JSON.valueToTree(engine));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelArtifactWriter.MANIFEST_ENTRY, JSON.writeValueAsBytes(tree));
        entries.put(ModelArtifactWriter.CONFIG_ENTRY, ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8));
        ModelArtifactWriter.save(net, target, entries);
        return complete;
    }

    /** The model with W (inputs x classes) and b set from MLlib's layout. */
    static SoftmaxModel model(double[][] coefficients, double[] intercepts, RunConfig config) {
        int classes = coefficients.length;
        int inputs = coefficients[0].length;
        if (intercepts.length != classes) {
            throw new IllegalArgumentException(classes + " coefficient rows but " + intercepts.length + " intercepts");
        }
        float[][] w = new float[inputs][classes];
        for (int k = 0; k < classes; k++) {
            for (int i = 0; i < inputs; i++) {
                w[i][k] = (float) coefficients[k][i];
            }
        }
        float[] b = new float[classes];
        for (int k = 0; k < classes; k++) {
            b[k] = (float) intercepts[k];
        }
        SoftmaxModel model = Engine.get().create(config.model(), config.training(), inputs, classes);
        model.setWeights(w, b);
        return model;
    }

    /** The manifest's {@code engine} field of a model zip's manifest JSON, or null. */
    public static JsonNode engine(byte[] manifestJson) throws IOException {
        return JSON.readTree(manifestJson).get("engine");
    }
}
