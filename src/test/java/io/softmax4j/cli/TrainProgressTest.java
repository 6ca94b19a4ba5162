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
import java.util.List;

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
        // metrics.csv beside the model: a header and one row per epoch, as the epoch lines say
        List<String> csv = Files.readAllLines(dir.resolve("m/metrics.csv"));
        assertEquals("epoch,train_loss,train_acc,val_acc,test_acc,seconds,test_loss,val_loss", csv.get(0));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(2).startsWith("2,"), csv.toString());
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("epoch 2, loss ([0-9.]+), train acc ([0-9.]+), test acc ([0-9.]+)")
                .matcher(r.out());
        assertTrue(line.find(), r.out());
        String[] row = csv.get(2).split(",", -1);
        assertEquals(Double.parseDouble(line.group(1)), Double.parseDouble(row[1]), 5e-5);
        assertEquals(Double.parseDouble(line.group(3)), Double.parseDouble(row[4]), 5e-4);
        assertEquals("", row[3], "no validation set");
        assertEquals("", row[7], "no validation loss without a validation set");
        assertTrue(r.out().contains("per-epoch metrics written to " + dir.resolve("m/metrics.csv")), r.out());
        assertTrue(Files.exists(dir.resolve("m/report.html")));
    }

    /**
     * The last epoch's test loss (measured in the accuracy pass, fused or plain) is the final
     * evaluation's loss, and the validation loss is there when a validation set is held out.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void metricsCsvTestLossIsTheFinalEvaluationLoss(boolean fused) throws IOException {
        Run r = run(false, "train", "--quiet", "--config", config().toString(), "--set", "runtime.fusedStep=" + fused,
                "--set", "data.validation=0.2");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        List<String> csv = Files.readAllLines(dir.resolve("m/metrics.csv"));
        assertEquals(3, csv.size(), csv.toString());
        double finalLoss = io.softmax4j.artifact.SafeModelLoader.load(dir.resolve("m.zip")).manifest().test().loss();
        String[] last = csv.get(2).split(",", -1);
        assertEquals(finalLoss, Double.parseDouble(last[6]), 1e-6, csv.toString());
        for (String line : csv.subList(1, 3)) {
            String[] row = line.split(",", -1);
            assertEquals(8, row.length, line);
            double val = Double.parseDouble(row[7]);
            assertTrue(val > 0 && Double.isFinite(val), line);
            assertTrue(Double.parseDouble(row[6]) > 0, line);
        }
        String[] first = csv.get(1).split(",", -1);
        assertTrue(!first[6].equals(last[6]), "the test loss is measured each epoch: " + csv);
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
