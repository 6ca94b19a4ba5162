package io.softmax4j.cli;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train} on an IDX set and on a CSV set named in a config, in-process. */
class DatasetTrainCommandTest {
    @TempDir
    Path dir;

    private Path idxConfig(String extra) throws IOException {
        LabeledImages train = SyntheticImages.make(120, 3, 1);
        LabeledImages test = SyntheticImages.make(30, 3, 2);
        SyntheticImages.writeImages(dir.resolve("train-images.gz"), train);
        SyntheticImages.writeLabels(dir.resolve("train-labels.gz"), train);
        SyntheticImages.writeImages(dir.resolve("test-images"), test);
        SyntheticImages.writeLabels(dir.resolve("test-labels"), test);
        Path cfg = dir.resolve("idx.yaml");
        Files.writeString(cfg, "data:\n  dataset: idx\n  batchSize: 16\n"
                + "  train: {images: " + dir.resolve("train-images.gz") + ", labels: " + dir.resolve("train-labels.gz") + "}\n"
                + "  test: {images: " + dir.resolve("test-images") + ", labels: " + dir.resolve("test-labels") + "}\n"
                + extra
                + "training: {epochs: 2, updater: {type: sgd, learningRate: 0.5}}\n"
                + "output: {model: " + dir.resolve("m.zip") + ", pictures: false}\n");
        return cfg;
    }

    @Test
    void trainsOnAnIdxSetWithNamedClassesAndValidation() throws IOException {
        Path cfg = idxConfig("  labels: [low, middle, high]\n  validation: 0.2\n");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--config", cfg.toString());
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("training softmax regression on idx: 96 train / 24 validation / 30 test examples, 784 -> 3"),
                r.out());
        assertTrue(r.out().contains("classes: low, middle, high"), r.out());
        assertTrue(r.out().matches("(?s).*epoch 2, loss [0-9.]+, train acc [0-9.]+, val acc [0-9.]+, test acc [0-9.]+, .*"), r.out());
        assertTrue(Files.exists(dir.resolve("m.zip")));
    }

    @Test
    void badDataIsInvalidInputNamingTheFileAndNothingIsTrained() throws IOException {
        Path cfg = idxConfig("");
        Files.write(dir.resolve("test-labels"), new byte[]{0, 0, 8, 1, 0, 0, 0, 30, 1, 2});
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--config", cfg.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("error: " + dir.resolve("test-labels") + ": IDX header declares 30 labels (38 bytes)"), r.err());
        assertTrue(!r.out().contains("epoch 1"), r.out());
        assertTrue(Files.notExists(dir.resolve("m.zip")));
    }

    @Test
    void trainsOnCsvFiles() throws IOException {
        Files.writeString(dir.resolve("train.csv"), "label,p0,p1,p2,p3\n0,255,255,0,0\n1,0,0,255,255\n0,250,240,3,1\n1,2,9,230,255\n");
        Files.writeString(dir.resolve("test.csv"), "label,p0,p1,p2,p3\n0,240,250,0,10\n1,0,1,255,240\n");
        Path cfg = dir.resolve("csv.yaml");
        Files.writeString(cfg, "data: {dataset: csv, batchSize: 2, train: {file: " + dir.resolve("train.csv")
                + "}, test: {file: " + dir.resolve("test.csv") + "}, csv: {header: true}}\n"
                + "training: {epochs: 20, updater: {type: sgd, learningRate: 1.0}}\n"
                + "output: {model: " + dir.resolve("c.zip") + ", pictures: false}\n");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--config", cfg.toString());
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("on csv: 4 train / 2 test examples, 4 -> 2"), r.out());
        assertTrue(r.out().contains("final test accuracy 1.0000"), r.out());
    }
}
