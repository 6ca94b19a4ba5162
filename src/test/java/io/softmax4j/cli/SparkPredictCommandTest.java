package io.softmax4j.cli;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.pipeline.PredictPipeline;
import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.Prediction;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.softmax4j.cli.TrainCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code predict --spark local[2]} on small synthetic inputs; one Spark session for the class. */
class SparkPredictCommandTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path model;
    static Classifier classifier;
    static final LabeledImages IMAGES = SyntheticImages.make(12, 10, 7);

    @BeforeAll
    static void startSparkAndTrain() {
        spark = SparkSession.builder().master("local[2]").appName("test")
                .config("spark.ui.enabled", "false").getOrCreate();
        model = dir.resolve("model.zip");
        TestModels.saveSynthetic(model);
        classifier = Classifier.load(model);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** id -> row of the CSV part files under {@code folder}. */
    static Map<String, Row> read(Path folder) {
        Map<String, Row> rows = new TreeMap<>();
        for (Row r : spark.read().option("header", "true").csv(folder.toString()).collectAsList()) {
            rows.put(r.getString(0), r);
        }
        return rows;
    }

    @Test
    void imageFolderMatchesLocalPredictAndABadFileGoesToErrors() throws IOException {
        Path images = Files.createDirectory(dir.resolve("images"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    img.getRaster().setSample(x, y, 0, IMAGES.pixels()[i * 784 + y * 28 + x] & 0xFF);
                }
            }
            Path f = images.resolve("digit" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            files.add(f);
        }
        Files.write(images.resolve("broken.png"), new byte[]{1, 2, 3, 4});
        Path out = dir.resolve("out-images");

        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--spark", "local[2]",
                "--input", images.toString(), "--output", out.toString());

        assertEquals(ExitCodes.EXIT_FAILED, r.code(), r.out() + r.err()); // one input failed, the job finished
        assertTrue(r.out().contains("scored 7 inputs") && r.out().contains("6 predictions") && r.out().contains("1 errors"),
                r.out());
        assertTrue(r.out().contains("spark: stage"), "a progress line per stage: " + r.out());
        Map<String, Row> predictions = read(out.resolve("predictions"));
        assertEquals(6, predictions.size(), predictions.toString());
        for (PredictPipeline.Outcome local : PredictPipeline.files(classifier, files)) {
            Row row = predictions.get(local.input());
            assertEquals(local.prediction().label(), row.getAs("name"), local.input());
            assertEquals(local.prediction().probability(), Double.parseDouble(row.getAs("probability")), 1e-6);
        }
        Map<String, Row> errors = read(out.resolve("errors"));
        Row bad = errors.get(images.resolve("broken.png").toString());
        assertTrue(bad != null && !bad.getString(1).isBlank(), errors.toString());
    }

    @Test
    void csvTableWithABadRowWritesParquet() throws IOException {
        StringBuilder csv = new StringBuilder("id,label");
        for (int k = 0; k < 784; k++) {
            csv.append(",p").append(k);
        }
        csv.append('\n');
        for (int i = 0; i < 5; i++) {
            csv.append("img-").append(i).append(',').append(IMAGES.label(i));
            for (int k = 0; k < 784; k++) {
                csv.append(',').append(IMAGES.pixels()[i * 784 + k] & 0xFF);
            }
            csv.append('\n');
        }
        csv.append("bad-row,3");
        for (int k = 0; k < 784; k++) {
            csv.append(',').append(k == 100 ? "abc" : "0");
        }
        csv.append('\n');
        Path table = dir.resolve("pixels.csv");
        Files.writeString(table, csv);
        Path out = dir.resolve("out-csv");

        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--spark", "local[2]",
                "--input", table.toString(), "--output", out.toString(), "--format", "parquet", "--top", "2");

        assertEquals(ExitCodes.EXIT_FAILED, r.code(), r.out() + r.err());
        List<Row> rows = spark.read().parquet(out.resolve("predictions").toString()).orderBy("id").collectAsList();
        assertEquals(5, rows.size());
        for (int i = 0; i < 5; i++) {
            Prediction local = classifier.predict(IMAGES.scaledPixels(i));
            Row row = rows.get(i);
            assertEquals("img-" + i, row.getAs("id"));
            assertEquals(local.index(), (int) row.getAs("label"));
            assertEquals(local.probability(), (double) row.getAs("probability"), 1e-6);
            assertEquals(String.valueOf(IMAGES.label(i)), row.getAs("actual"));
            assertEquals(2, ((String) row.getAs("top")).split(" ").length, row.toString());
        }
        List<Row> errors = spark.read().parquet(out.resolve("errors").toString()).collectAsList();
        assertEquals(1, errors.size());
        assertEquals("bad-row", errors.get(0).getString(0));
        assertTrue(errors.get(0).getString(1).contains("pixel 100") && errors.get(0).getString(1).contains("abc"),
                errors.get(0).getString(1));
    }

    @Test
    void idxFileIsScoredOnTheExecutorsAsLocally() throws IOException {
        Path idx = dir.resolve("images-idx3-ubyte.gz");
        SyntheticImages.writeImages(idx, IMAGES);
        Path out = dir.resolve("out-idx");

        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--spark", "local[2]",
                "--input", idx.toString(), "--output", out.toString());

        assertEquals(ExitCodes.EXIT_OK, r.code(), r.out() + r.err());
        Map<String, Row> predictions = read(out.resolve("predictions"));
        assertEquals(IMAGES.count(), predictions.size());
        for (int i = 0; i < IMAGES.count(); i++) {
            Row row = predictions.get(idx.getFileName() + "#" + i);
            assertEquals(classifier.predict(IMAGES.scaledPixels(i)).label(), row.getAs("name"), "image " + i);
        }
        assertTrue(read(out.resolve("errors")).isEmpty());
    }

    @Test
    void existingOutputAndMissingInputAreBadInput() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--spark", "local[2]",
                "--input", model.toString(), "--output", existing.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--output " + existing) && r.err().contains("new folder"), r.err());
        assertEquals("mine", Files.readString(existing.resolve("keep.txt")));

        r = run("predict", "--model", model.toString(), "--spark", "local[2]", "--input", dir.resolve("nothing").toString(),
                "--output", dir.resolve("o2").toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("nothing") && r.err().contains("no such file"), r.err());

        r = run("predict", "--model", model.toString(), "--spark", "local[2]", "--input", dir.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--output"), r.err());
    }
}
