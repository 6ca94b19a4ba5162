package io.softmax4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.artifact.LoadedModel;
import io.softmax4j.artifact.ModelArtifactWriter;
import io.softmax4j.artifact.SafeModelLoader;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.testing.SyntheticImages;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static io.softmax4j.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --spark local[2]}: MLlib's LogisticRegression written as a softmax4j/DL4J model zip. */
class SparkTrainCommandTest {
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("test")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** Synthetic images with a quarter of the labels replaced at random, so accuracy is well below 1. */
    static LabeledImages noisy(int count, long seed) {
        LabeledImages clean = SyntheticImages.make(count, 10, seed);
        byte[] labels = clean.labels().clone();
        Random rng = new Random(seed + 100);
        for (int i = 0; i < labels.length; i++) {
            if (rng.nextInt(4) == 0) {
                labels[i] = (byte) rng.nextInt(10);
            }
        }
        return new LabeledImages(clean.pixels(), labels, 28, 28, SyntheticImages.DIGITS);
    }

    static double accuracy(String text, String prefix) {
        Matcher m = Pattern.compile(prefix + "\\s+([0-9.]+)").matcher(text);
        assertTrue(m.find(), "no '" + prefix + "' in: " + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void mllibModelLoadsSafelyAndInPlainDl4jAndEvaluatesAsMllibSaid() throws Exception {
        LabeledImages train = noisy(300, 1);
        LabeledImages test = noisy(120, 2);
        SyntheticImages.writeImages(dir.resolve("train-images.gz"), train);
        SyntheticImages.writeLabels(dir.resolve("train-labels.gz"), train);
        SyntheticImages.writeImages(dir.resolve("test-images"), test);
        SyntheticImages.writeLabels(dir.resolve("test-labels"), test);
        Path zip = dir.resolve("mllib.zip");
        Path cfg = dir.resolve("idx.yaml");
        Files.writeString(cfg, "data:\n  dataset: idx\n"
                + "  train: {images: " + dir.resolve("train-images.gz") + ", labels: " + dir.resolve("train-labels.gz") + "}\n"
                + "  test: {images: " + dir.resolve("test-images") + ", labels: " + dir.resolve("test-labels") + "}\n"
                + "training: {l2: 0.001}\noutput: {model: " + zip + "}\n");

        TrainCommandTest.Run r = run("train", "--spark", "local[2]", "--config", cfg.toString(), "--max-iter", "15");

        assertEquals(ExitCodes.EXIT_OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("spark: stage"), r.out());
        System.out.println(r.out().lines().filter(l -> !l.startsWith("spark:")).toList());
        double mllib = accuracy(r.out(), "final test accuracy");
        assertTrue(mllib > 0.5 && mllib < 0.95, "a learnt but imperfect model: " + mllib);

        LoadedModel safe = SafeModelLoader.load(zip);
        assertEquals(mllib, safe.manifest().test().accuracy(), 1e-12);
        assertEquals(120, safe.manifest().test().examples());
        MultiLayerNetwork plain = MultiLayerNetwork.load(zip.toFile(), false);
        assertArrayEquals(safe.network().parameters(), plain.params().toFloatVector());
        JsonNode engine;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            engine = new ObjectMapper().readTree(z.getInputStream(z.getEntry(ModelArtifactWriter.MANIFEST_ENTRY))).get("engine");
        }
        assertEquals("spark-mllib", engine.get("name").asText(), engine.toString());
        assertEquals(0.001, engine.get("regParam").asDouble(), 1e-12);
        assertEquals(15, engine.get("maxIter").asInt());
        assertTrue(engine.get("sparkVersion").asText().startsWith("4."), engine.toString());

        TrainCommandTest.Run e = run("evaluate", "--model", zip.toString());
        assertEquals(ExitCodes.EXIT_OK, e.code(), e.out() + e.err());
        double dl4j = accuracy(e.out(), "accuracy");
        // float32 in DL4J against float64 in MLlib: at most one near-tie may fall the other way
        assertEquals(mllib, dl4j, 1.0 / 120 + 1e-9, "MLlib said " + mllib + ", evaluate says " + dl4j + "\n" + e.out());
    }

    @Test
    void csvWithABadLabelIsBadInputAndWritesNoModel() throws IOException {
        StringBuilder csv = new StringBuilder();
        LabeledImages images = SyntheticImages.make(20, 10, 3);
        for (int i = 0; i < images.count(); i++) {
            csv.append(i == 7 ? "x" : String.valueOf(images.label(i)));
            for (int k = 0; k < 784; k++) {
                csv.append(',').append(images.pixels()[i * 784 + k] & 0xFF);
            }
            csv.append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), csv);
        Files.writeString(dir.resolve("test.csv"), csv);
        Path zip = dir.resolve("csv.zip");
        Path cfg = dir.resolve("csv.yaml");
        Files.writeString(cfg, "data: {dataset: csv, train: {file: " + dir.resolve("train.csv") + "}, test: {file: "
                + dir.resolve("test.csv") + "}}\noutput: {model: " + zip + "}\n");

        TrainCommandTest.Run r = run("train", "--spark", "local[2]", "--config", cfg.toString());

        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("label 'x'"), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace: " + r.err());
        assertFalse(Files.exists(zip));
    }
}
