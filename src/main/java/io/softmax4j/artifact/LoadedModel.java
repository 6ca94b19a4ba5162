package io.softmax4j.artifact;

import io.softmax4j.engine.SoftmaxModel;

import java.nio.file.Path;

/**
 * A model file that passed every check of {@link SafeModelLoader}.
 *
 * @param file     where it was read from
 * @param manifest what the model says about itself
 * @param network  the model, without updater state (ready for inference)
 */
public record LoadedModel(Path file, ModelManifest manifest, SoftmaxModel network) {
}
