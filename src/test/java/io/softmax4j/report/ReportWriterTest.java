package io.softmax4j.report;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.evaluation.Predictions;
import io.softmax4j.testing.PixelStats;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.metrics.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ReportWriterTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** 60 synthetic test images; every 7th is predicted wrong (as the next class). */
    public static RunReport syntheticReport(List<EpochMetrics> history) {
        LabeledImages images = SyntheticImages.make(60, 10, 3);
        int[] predicted = new int[images.count()];
        float[] probability = new float[images.count()];
        int[][] confusion = new int[10][10];
        for (int i = 0; i < images.count(); i++) {
            boolean wrong = i % 7 == 3;
            predicted[i] = wrong ? (images.label(i) + 1) % 10 : images.label(i);
            probability[i] = 0.5f + (i % 5) / 10f;
            confusion[images.label(i)][predicted[i]]++;
        }
        double[] ones = new double[10];
        Arrays.fill(ones, 0.9);
        EvaluationReport eval = new EvaluationReport(60, 51 / 60.0, 0.42, SyntheticImages.DIGITS, confusion,
                ones, ones, ones);
        return new RunReport("synthetic <model>.zip", "training:\n  epochs: 3\n", history, eval,
                new Predictions(images, predicted, probability));
    }

    public static List<EpochMetrics> threeEpochs() {
        return List.of(new EpochMetrics(1, 1.8, 0.70, 0.79, 9.1), new EpochMetrics(2, 1.2, 0.80, 0.82, 8.4),
                new EpochMetrics(3, 1.0, 0.82, 0.84, 8.8));
    }

    static BufferedImage readPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), file + " is not a PNG");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(img, file + " does not decode");
        return img;
    }

    @Test
    void everyPictureIsAPngOfTheExpectedSizeAndNotBlank(@TempDir Path dir) throws IOException {
        List<Path> written = ReportWriter.write(syntheticReport(threeEpochs()), dir.resolve("m"));
        assertEquals(List.of("predictions.png", "curves.png", "confusion.png", "mistakes.png", "report.html"),
                written.stream().map(p -> p.getFileName().toString()).toList());

        BufferedImage predictions = readPng(dir.resolve("m/predictions.png"));
        // 2 rows of 10 tiles, each 84 px image + 34 px captions + padding
        assertEquals(1016, predictions.getWidth());
        assertEquals(294, predictions.getHeight());
        BufferedImage curves = readPng(dir.resolve("m/curves.png"));
        assertEquals(CurvesRenderer.WIDTH, curves.getWidth());
        assertEquals(CurvesRenderer.HEIGHT, curves.getHeight());
        BufferedImage confusion = readPng(dir.resolve("m/confusion.png"));
        assertTrue(confusion.getWidth() >= 10 * 52 && confusion.getHeight() >= 10 * 52,
                confusion.getWidth() + "x" + confusion.getHeight());
        BufferedImage mistakes = readPng(dir.resolve("m/mistakes.png"));
        // 9 mistakes in one row of 10 tiles
        assertEquals(1016, mistakes.getWidth());
        assertEquals(168, mistakes.getHeight());

        for (BufferedImage img : List.of(predictions, curves, confusion, mistakes)) {
            PixelStats stats = PixelStats.of(img);
            assertTrue(stats.looksDrawn(), "blank picture? " + stats);
        }
        assertTrue(PixelStats.of(predictions).reddish() > 100, "the wrong predictions are marked in red");
        assertTrue(PixelStats.of(mistakes).reddish() > 100, "mistakes are marked in red");
    }

    @Test
    void theHtmlReportEmbedsEveryPictureAndShowsConfigTableAndMetrics(@TempDir Path dir) throws IOException {
        ReportWriter.write(syntheticReport(threeEpochs()), dir);
        String html = Files.readString(dir.resolve("report.html"));
        for (String name : List.of("predictions.png", "curves.png", "confusion.png", "mistakes.png")) {
            Matcher m = Pattern.compile("<figure id=\"" + Pattern.quote(name)
                    + "\">\\s*<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
            assertTrue(m.find(), name + " is not embedded");
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)), Base64.getDecoder().decode(m.group(1)),
                    name + ": the embedded picture is the written file");
        }
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("synthetic &lt;model&gt;.zip"), "the title is escaped");
        assertTrue(html.contains("<pre>training:\n  epochs: 3\n</pre>"), "the config is shown");
        assertTrue(html.contains("<tr><td>3</td><td>1.0000</td><td>0.8200</td><td>0.8400</td>"), "per-epoch table");
        assertTrue(html.contains("0.8500"), "final test accuracy");
        assertFalse(html.contains("src=\"http"), "self-contained: nothing loaded from elsewhere");
    }

    @Test
    void heldOutLossesAddTheirColumnsToThePerEpochTable(@TempDir Path dir) throws IOException {
        List<EpochMetrics> history = List.of(new EpochMetrics(1, 1.5, 0.70, 0.79, 2.0, 0.77, 0.9, 0.95),
                new EpochMetrics(2, 1.1, 0.80, 0.83, 2.0, 0.81, 0.7, 0.75));
        ReportWriter.write(syntheticReport(history), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<th>seconds</th><th>test loss</th><th>val loss</th></tr>"), html);
        assertTrue(html.contains("<tr><td>2</td><td>1.1000</td><td>0.8000</td><td>0.8100</td><td>0.8300</td>"
                + "<td>2.0</td><td>0.7000</td><td>0.7500</td></tr>"), html);
    }

    @Test
    void aValidationSetAddsItsCurveAndColumn(@TempDir Path dir) throws IOException {
        List<EpochMetrics> history = List.of(new EpochMetrics(1, 1.5, 0.70, 0.79, 2.0, 0.77),
                new EpochMetrics(2, 1.1, 0.80, 0.83, 2.0, 0.81));
        ReportWriter.write(syntheticReport(history), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<th>val acc</th>"), "validation column");
        assertTrue(html.contains("<tr><td>2</td><td>1.1000</td><td>0.8000</td><td>0.8100</td><td>0.8300</td>"), html);
        BufferedImage curves = readPng(dir.resolve("curves.png"));
        long purple = 0;
        for (int y = 0; y < curves.getHeight(); y++) {
            for (int x = 0; x < curves.getWidth(); x++) {
                purple += curves.getRGB(x, y) == 0xFF9467BD ? 1 : 0;
            }
        }
        assertTrue(purple > 50, "the validation curve is drawn in its colour: " + purple + " pixels");
    }

    @Test
    void withoutTrainingHistoryTheCurvesAreLeftOut(@TempDir Path dir) throws IOException {
        List<Path> written = ReportWriter.write(syntheticReport(List.of()), dir);
        assertEquals(4, written.size());
        assertFalse(Files.exists(dir.resolve("curves.png")));
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(3, html.split("data:image/png;base64,", -1).length - 1);
        assertFalse(html.contains("Per epoch"));
    }

    @Test
    void noMistakesStillGivesAReadablePicture(@TempDir Path dir) throws IOException {
        RunReport r = syntheticReport(threeEpochs());
        Predictions p = r.predictions();
        int[] perfect = new int[p.count()];
        for (int i = 0; i < perfect.length; i++) {
            perfect[i] = p.actual(i);
        }
        RunReport allRight = new RunReport(r.title(), r.configYaml(), r.history(), r.evaluation(),
                new Predictions(p.images(), perfect, p.probability()));
        ReportWriter.write(allRight, dir);
        BufferedImage mistakes = readPng(dir.resolve("mistakes.png"));
        assertTrue(PixelStats.of(mistakes).inkedFraction() > 0.001, "the 'no mistakes' title is drawn");
        assertEquals(0, PixelStats.of(readPng(dir.resolve("predictions.png"))).reddish());
    }

    @Test
    void reportDirSitsBesideTheModel() {
        assertEquals(Path.of("models/mnist-softmax"), ReportWriter.reportDir(Path.of("models/mnist-softmax.zip")));
    }
}
