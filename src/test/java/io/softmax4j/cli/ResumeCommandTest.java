package io.softmax4j.cli;

import io.softmax4j.artifact.CheckpointStore;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.testing.SyntheticImages;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.softmax4j.testing.BitIdentical.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --resume} through the CLI, on IDX files with a validation split. */
class ResumeCommandTest {
    @TempDir
    Path dir;

    private Path config(String name, int epochs) throws IOException {
        LabeledImages train = SyntheticImages.make(150, 3, 1);
        LabeledImages test = SyntheticImages.make(30, 3, 2);
        SyntheticImages.writeImages(dir.resolve("train-images"), train);
        SyntheticImages.writeLabels(dir.resolve("train-labels"), train);
        SyntheticImages.writeImages(dir.resolve("test-images"), test);
        SyntheticImages.writeLabels(dir.resolve("test-labels"), test);
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "data:\n  dataset: idx\n  batchSize: 16\n  validation: 0.2\n"
                + "  train: {images: " + dir.resolve("train-images") + ", labels: " + dir.resolve("train-labels") + "}\n"
                + "  test: {images: " + dir.resolve("test-images") + ", labels: " + dir.resolve("test-labels") + "}\n"
                + "training: {epochs: " + epochs + ", updater: {type: adam, learningRate: 0.01}}\n"
                + "output: {model: " + dir.resolve(name + ".zip") + ", pictures: false}\n");
        return cfg;
    }

    @Test
    void extendingARunThroughTheCliEqualsTheLongerRun() throws IOException {
        TrainCommandTest.Run full = TrainCommandTest.run("train", "--config", config("full", 4).toString());
        assertEquals(ExitCodes.EXIT_OK, full.code(), full.err());
        TrainCommandTest.Run first = TrainCommandTest.run("train", "--config", config("part", 2).toString());
        assertEquals(ExitCodes.EXIT_OK, first.code(), first.err());
        assertTrue(first.out().contains("continue with more epochs: softmax4j train --resume " + dir.resolve("part")
                + " --set training.epochs=N"), first.out());

        TrainCommandTest.Run resumed = TrainCommandTest.run("train", "--resume", dir.resolve("part").toString(),
                "--set", "training.epochs=4");
        assertEquals(ExitCodes.EXIT_OK, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming " + dir.resolve("part") + " after epoch 2 of 4"), resumed.out());
        assertTrue(resumed.out().contains("val acc"), "the validation split is restored too: " + resumed.out());

        assertBitIdentical(ModelSerializer.restoreMultiLayerNetwork(dir.resolve("full.zip").toFile(), false).params(),
                ModelSerializer.restoreMultiLayerNetwork(dir.resolve("part.zip").toFile(), false).params(), "weights");
        assertEquals(ProcessFaultTest.withoutTimes(history("full")), ProcessFaultTest.withoutTimes(history("part")));
    }

    @Test
    void resumeRefusesToChangeTheLearningRateNamingTheKey() throws IOException {
        TrainCommandTest.run("train", "--config", config("r", 1).toString());
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--resume", dir.resolve("r").toString(),
                "--set", "training.updater.learningRate=0.1");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("--set training.updater.learningRate cannot be changed when resuming"), r.err());
    }

    private java.util.List<io.softmax4j.metrics.EpochMetrics> history(String name) throws IOException {
        return CheckpointStore.inRunFolder(dir.resolve(name)).latest(w -> { }).orElseThrow().state().history();
    }
}
