package io.softmax4j.testing;

import io.softmax4j.artifact.ModelArtifactWriter;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.pipeline.ManifestFactory;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Small trained models saved as softmax4j zips, for tests. */
public final class TestModels {
    private TestModels() {
    }

    /** A model trained (reference recipe, seed 42) on {@link SyntheticImages#dataset}. */
    public static TrainingResult trainSynthetic() {
        return new SoftmaxTrainer(RunConfig.defaults(), TrainingListener.Defaults.none())
                .train(SyntheticImages.dataset(100, 20));
    }

    /** The manifest {@code train} would write for this run. */
    public static ModelManifest manifest(RunConfig config, Dataset data, TrainingResult result) {
        return ManifestFactory.create(config, data, result, ModelEvaluator.evaluate(result.network(), data.test()));
    }

    /** Trains on synthetic images and saves the model with its manifest to {@code zip}. */
    public static TrainingResult saveSynthetic(Path zip) {
        Dataset data = SyntheticImages.dataset(100, 20);
        TrainingResult result = new SoftmaxTrainer(RunConfig.defaults(), TrainingListener.Defaults.none()).train(data);
        try {
            ModelArtifactWriter.save(result.network(), zip, manifest(RunConfig.defaults(), data, result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
