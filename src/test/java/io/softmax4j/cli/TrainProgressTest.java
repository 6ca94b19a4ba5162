package io.softmax4j.cli;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train} draws a progress bar only on a terminal and never with --quiet; it writes the pictures. */
class TrainProgressTest {
    @TempDir
    Path dir;

    private Path config() throws IOException {
        LabeledImages train = SyntheticImages.make(200, 10, 1);
        LabeledImages test = SyntheticImages.make(40, 10, 2);
        SyntheticImages.writeImages(dir.resolve("train-images"), train);
        SyntheticImages.writeLabels(dir.resolve("train-labels"), train);
        SyntheticImages.writeImages(dir.resolve("test-images"), test);
        SyntheticImages.writeLabels(dir.resolve("test-labels"), test);
        Path cfg = dir.resolve("idx.yaml");
        Files.writeString(cfg, "data:\n  dataset: idx\n  batchSize: 20\n"
                + "  train: {images: " + dir.resolve("train-images") + ", labels: " + dir.resolve("train-labels") + "}\n"
                + "  test: {images: " + dir.resolve("test-images") + ", labels: " + dir.resolve("test-labels") + "}\n"
                + "training: {epochs: 2, updater: {type: sgd, learningRate: 0.5}}\n"
                + "output: {model: " + dir.resolve("m.zip") + "}\n");
        return cfg;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Softmax4jCli.run(args, new PrintWriter(out), new PrintWriter(err), terminal);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void onATerminalEachEpochHasABarThatGivesWayToTheEpochLine() throws IOException {
        Run r = run(true, "train", "--config", config().toString());
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("\repoch 1/2") && r.out().contains("\repoch 2/2"), r.out());
        assertTrue(r.out().contains("] 100% loss ") && r.out().contains(" ex/s"), r.out());
        assertTrue(r.out().matches("(?s).*\r +\repoch 2, loss [0-9.]+, train acc.*"), "bar wiped, line kept: " + r.out());
        assertTrue(r.out().contains("pictures written to " + dir.resolve("m")), r.out());
        // the silent steps say what they do: loading the data, the final evaluation and save, the pictures
        assertTrue(r.out().matches("(?s)loading the idx data \\.\\.\\.\\R.*data loaded in \\d+\\.\\d s\\R.*"), r.out());
        assertTrue(r.out().contains("evaluating the final model on the test set; saving it to "), r.out());
        assertTrue(r.out().contains("writing pictures to " + dir.resolve("m")), r.out());
        assertTrue(Files.exists(dir.resolve("m/report.html")));
    }

    @Test
    void quietOrNotATerminalMeansEpochLinesOnlyAndNoControlCharacters() throws IOException {
        Path cfg = config();
        for (Run r : new Run[]{run(true, "train", "--quiet", "--config", cfg.toString()),
                run(false, "train", "--config", cfg.toString())}) {
            assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
            assertFalse(r.out().contains("\r") || r.out().contains("\u001b") || r.out().contains(" ex/s"), r.out());
            assertTrue(r.out().contains("epoch 1, loss ") && r.out().contains("epoch 2, loss "), r.out());
        }
    }
}
