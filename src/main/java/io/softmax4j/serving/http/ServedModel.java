package io.softmax4j.serving.http;

import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.serving.Classifier;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One loaded model as the service serves it.
 *
 * @param name       the file name without {@code .zip}; the URL names the model by it
 * @param version    the manifest's parameter SHA-256: changes whenever the weights change
 * @param file       where it was loaded from
 * @param loadedAt   when this version was loaded
 * @param classifier the checked, loaded model
 */
public record ServedModel(String name, String version, Path file, Instant loadedAt, Classifier classifier) {
    public ModelManifest manifest() {
        return classifier.manifest();
    }
}
