package io.softmax4j.artifact;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;

/**
 * A model file that passed every check of {@link SafeModelLoader}.
 *
 * @param file     where it was read from
 * @param manifest what the model says about itself
 * @param network  the network, without updater state (ready for inference)
 */
public record LoadedModel(Path file, ModelManifest manifest, MultiLayerNetwork network) {
}
