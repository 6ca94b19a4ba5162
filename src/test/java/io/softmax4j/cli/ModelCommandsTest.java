package io.softmax4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.artifact.SafeModelLoader;
import io.softmax4j.data.IdxDatasets;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.data.MnistSource;
import io.softmax4j.testing.DigitImages;
import io.softmax4j.testing.ImageFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static io.softmax4j.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train} (one epoch on real MNIST) writes a model with its manifest; {@code evaluate} and
 * {@code predict} use it. MNIST is provisioned into ~/.deeplearning4j on first use.
 */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    static Path model;
    static ModelManifest manifest;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void trainOneEpoch() {
        model = dir.resolve("m.zip");
        TrainCommandTest.Run r = run("train", "--set", "training.epochs=1", "--set", "output.model=" + model);
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        manifest = SafeModelLoader.load(model).manifest();
    }

    @Test
    void trainSavesTheManifest() throws IOException {
        assertEquals("mnist", manifest.dataset().name());
        assertEquals(60_000, manifest.dataset().trainExamples());
        assertEquals(0, manifest.dataset().validationExamples());
        assertEquals(4, manifest.dataset().checksums().size());
        assertEquals("adler32:811155a0", manifest.dataset().checksums().get("t10k-images-idx3-ubyte"));
        assertEquals(1, manifest.history().size());
        assertEquals(manifest.history().get(0).testAccuracy(), manifest.test().accuracy(), 1e-9);
        assertEquals(10_000, manifest.test().examples());
        assertEquals(1, manifest.config().path("training").path("epochs").asInt());
        assertEquals(42, manifest.seed());
        assertTrue(Files.exists(dir.resolve("m.yaml")), "the effective config is still saved beside the model");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(model.toFile())) {
            assertTrue(zip.getEntry(io.softmax4j.artifact.ModelArtifactWriter.CONFIG_ENTRY) != null, "and inside it as YAML");
        }
    }

    @Test
    void evaluatePrintsAccuracyLossAndPerClassFigures() {
        TrainCommandTest.Run r = run("evaluate", "--model", model.toString());
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "accuracy  %.4f", manifest.test().accuracy())), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "loss      %.4f", manifest.test().loss())), r.out());
        assertTrue(r.out().contains("mnist test set, 10000 examples"), r.out());
        assertTrue(r.out().contains("label  precision  recall  f1      support"), r.out());
        assertTrue(r.out().contains("confusion matrix (rows: actual label, columns: predicted label)"), r.out());
        assertTrue(!r.out().contains("note:"), "same data as in training: " + r.out());
    }

    @Test
    void evaluateJson() throws IOException {
        TrainCommandTest.Run r = run("evaluate", "--model", model.toString(), "--json", "--min-accuracy", "0.5");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        JsonNode json = JSON.readTree(r.out());
        assertEquals(manifest.test().accuracy(), json.get("accuracy").asDouble(), 1e-9);
        assertEquals(10_000, json.get("examples").asInt());
        assertTrue(json.get("passed").asBoolean());
        assertEquals(10, json.get("precision").size());
        assertEquals(10, json.get("f1").size());
        int total = 0;
        int correct = 0;
        for (int a = 0; a < 10; a++) {
            for (int p = 0; p < 10; p++) {
                total += json.get("confusion").get(a).get(p).asInt();
                correct += a == p ? json.get("confusion").get(a).get(p).asInt() : 0;
            }
        }
        assertEquals(10_000, total);
        assertEquals(json.get("accuracy").asDouble(), correct / 10_000.0, 1e-9);
        assertEquals("mnist", json.get("manifest").get("dataset").get("name").asText());
    }

    @Test
    void minAccuracyDecidesTheExitCode() {
        TrainCommandTest.Run high = run("evaluate", "--model", model.toString(), "--min-accuracy", "0.99");
        assertEquals(ExitCodes.EXIT_FAILED, high.code());
        assertTrue(high.err().contains(String.format(Locale.ROOT, "error: accuracy %.4f is below --min-accuracy 0.99",
                manifest.test().accuracy())), high.err());
        assertEquals(ExitCodes.EXIT_OK, run("evaluate", "--model", model.toString(), "--min-accuracy", "0.5").code());
        TrainCommandTest.Run bad = run("evaluate", "--model", model.toString(), "--min-accuracy", "87");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, bad.code());
        assertTrue(bad.err().contains("--min-accuracy must be in [0, 1], got 87.0"), bad.err());
    }

    @Test
    void aBadModelFileIsInvalidInputNamingTheFile(@TempDir Path other) throws IOException {
        Path bad = Files.writeString(other.resolve("bad.zip"), "not a model");
        for (String[] args : new String[][]{{"evaluate", "--model", bad.toString()},
                {"predict", "--model", bad.toString(), "--test-index", "0"}}) {
            TrainCommandTest.Run r = run(args);
            assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.err());
            assertTrue(r.err().startsWith("error: " + bad + ": is not a zip file"), r.err());
        }
    }

    @Test
    void predictTestIndices() {
        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--test-index", "0-4");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(5, lines.length, r.out());
        assertTrue(lines[0].startsWith("mnist test[0]: ") && lines[0].contains("actual 7") && lines[0].contains("top-3: "),
                lines[0]);
        assertTrue(lines[4].startsWith("mnist test[4]: ") && lines[4].contains("actual 4"), lines[4]);
    }

    @Test
    void predictFilesKeepsGoingPastBadOnes(@TempDir Path files) throws IOException {
        Path png = files.resolve("seven.png");
        ImageIO.write(testImage(0), "png", png.toFile());
        Path text = Files.writeString(files.resolve("notes.txt"), "hello");
        Path missing = files.resolve("missing.png");
        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--json", "--as-is", text.toString(),
                png.toString(), missing.toString(), "--test-index", "0");
        assertEquals(ExitCodes.EXIT_FAILED, r.code(), "some inputs failed");
        JsonNode json = JSON.readTree(r.out());
        assertEquals(4, json.size());
        assertTrue(json.get(0).get("error").asText().startsWith(text + ": not an image format"), json.toString());
        assertEquals(json.get(3).get("label"), json.get(1).get("label"), "the PNG of test[0] is classified like test[0]");
        assertEquals(json.get(3).get("probability").asDouble(), json.get(1).get("probability").asDouble(), 1e-6);
        assertEquals(3, json.get(1).get("top").size());
        assertEquals(missing + ": no such image file", json.get(2).get("error").asText());
        assertEquals("7", json.get(3).get("actual").asText());
        assertTrue(r.err().contains("error: " + text + ": not an image format")
                && r.err().contains("error: " + missing + ": no such image file"), r.err());
    }

    /**
     * An MNIST test example saved as a PNG is recognised as already prepared and classified with
     * exactly the probabilities --test-index gives; a photo is prepared, and each line says which.
     */
    @Test
    void predictOnAnAlreadyPreparedImageMatchesTestIndexExactly(@TempDir Path files) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", model.toString(), "--top", "10"));
        for (int i : new int[]{0, 1, 2, 3, 4}) {
            Path png = files.resolve("test-" + i + ".png");
            ImageIO.write(testImage(i), "png", png.toFile());
            args.add(png.toString());
        }
        Path photo = files.resolve("seven.png");
        ImageIO.write(DigitImages.onWhite('7', new java.awt.Font("DejaVu Sans", java.awt.Font.BOLD, 220), 320, 300, 40, 10),
                "png", photo.toFile());
        args.add(photo.toString());
        TrainCommandTest.Run r = run(args.toArray(new String[0]));
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        TrainCommandTest.Run byIndex = run("predict", "--model", model.toString(), "--top", "10", "--test-index", "0-4");
        String[] fileLines = r.out().strip().split("\n");
        String[] indexLines = byIndex.out().strip().split("\n");
        for (int i = 0; i < 5; i++) {
            assertTrue(fileLines[i].endsWith("  input: " + io.softmax4j.pipeline.PredictPipeline.ALREADY_PREPARED), fileLines[i]);
            String fromFile = fileLines[i].substring(fileLines[i].indexOf(": ") + 2, fileLines[i].indexOf("  input: "));
            String fromIndex = indexLines[i].substring(indexLines[i].indexOf(": ") + 2);
            // same label, probability and all ten ranked probabilities; the index line adds "actual"
            assertEquals(fromFile.replaceAll("  top-10: .*", ""), fromIndex.replaceAll("  actual .*", ""));
            assertEquals(fromFile.replaceAll(".*  top-10: ", ""), fromIndex.replaceAll(".*  top-10: ", ""));
        }
        assertTrue(fileLines[5].startsWith(photo + ": ")
                && fileLines[5].endsWith("  input: " + io.softmax4j.pipeline.PredictPipeline.PREPARED), fileLines[5]);
    }

    @Test
    void predictPreparesPhotosShowsTheInputAndReportsEachBadFile(@TempDir Path files) throws IOException {
        Path photo = files.resolve("seven.jpg");
        ImageIO.write(DigitImages.onWhite('7', new java.awt.Font("DejaVu Sans", java.awt.Font.BOLD, 220), 320, 300, 40, 10),
                "jpeg", photo.toFile());
        Path empty = Files.write(files.resolve("empty.png"), new byte[0]);
        Path bomb = Files.write(files.resolve("bomb.png"), ImageFiles.pngHeader(100_000, 100_000));
        Path cut = Files.write(files.resolve("cut.jpg"), java.util.Arrays.copyOf(Files.readAllBytes(photo), 400));
        Path shown = files.resolve("shown");

        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--show-input", shown.toString(),
                empty.toString(), photo.toString(), bomb.toString(), cut.toString());
        assertEquals(ExitCodes.EXIT_FAILED, r.code(), "some files failed: " + r.err());
        assertTrue(r.out().startsWith(photo + ": "), "the photo is still classified: " + r.out());
        assertTrue(r.err().contains("error: " + empty + ": the file is empty"), r.err());
        assertTrue(r.err().contains("error: " + bomb + ": declares 100000x100000"), r.err());
        assertTrue(r.err().contains("error: " + cut + ": the file is truncated"), r.err());
        BufferedImage seen = ImageIO.read(shown.resolve("seven-28x28.png").toFile());
        assertEquals(28, seen.getWidth());
        assertEquals(0, seen.getRaster().getSample(0, 0, 0), "white on black, like MNIST");
    }

    @Test
    void evaluateReportWritesThePicturesOfASavedModel(@TempDir Path out) throws IOException {
        Path report = out.resolve("report");
        TrainCommandTest.Run r = run("evaluate", "--model", model.toString(), "--report", report.toString());
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        for (String png : new String[]{"predictions.png", "mistakes.png", "confusion.png"}) {
            assertEquals(true, ImageIO.read(report.resolve(png).toFile()) != null, png);
        }
        assertTrue(Files.notExists(report.resolve("curves.png")), "a saved model has no training history");
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("m.zip") && html.contains("epochs: 1"), "title and recorded config");
        assertTrue(r.out().contains("pictures written to " + report), r.out());
    }

    @Test
    void predictUsageErrors() {
        TrainCommandTest.Run none = run("predict", "--model", model.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, none.code());
        assertTrue(none.err().contains("give image FILEs and/or --test-index LIST"), none.err());
        TrainCommandTest.Run bad = run("predict", "--model", model.toString(), "--test-index", "5-x");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, bad.code());
        assertTrue(bad.err().contains("'5-x' is not a list of test indices like 0-19 or 3,7,100-104"), bad.err());
        TrainCommandTest.Run past = run("predict", "--model", model.toString(), "--test-index", "9999-10000");
        assertEquals(ExitCodes.EXIT_FAILED, past.code());
        assertTrue(past.out().startsWith("mnist test[9999]: "), past.out());
        assertTrue(past.err().contains("error: test index 10000 is outside the test set (0..9999)"), past.err());
    }

    private static BufferedImage testImage(int index) {
        Path data = Path.of(System.getProperty("user.home"), ".deeplearning4j");
        LabeledImages test = IdxDatasets.pair(data.resolve("t10k-images-idx3-ubyte"), data.resolve("t10k-labels-idx1-ubyte"),
                MnistSource.LABELS);
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < 784; k++) {
            img.getRaster().setSample(k % 28, k / 28, 0, test.pixels()[index * 784 + k] & 0xFF);
        }
        return img;
    }
}
