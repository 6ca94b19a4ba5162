package io.softmax4j.serving;

import io.softmax4j.dl4j.Dl4jModel;
import io.softmax4j.artifact.ModelFileException;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTest {
    @TempDir
    static Path dir;
    static Path zip;
    static TrainingResult trained;
    static Classifier classifier;
    static LabeledImages images = SyntheticImages.make(40, 10, 7);

    @BeforeAll
    static void load() {
        zip = dir.resolve("m.zip");
        trained = TestModels.saveSynthetic(zip);
        classifier = Classifier.load(zip);
    }

    static float[] pixels(int i) {
        float[] p = new float[784];
        for (int k = 0; k < 784; k++) {
            p[k] = (images.pixels()[i * 784 + k] & 0xFF) / 255f;
        }
        return p;
    }

    static BufferedImage grayImage(int i) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < 784; k++) {
            img.getRaster().setSample(k % 28, k / 28, 0, images.pixels()[i * 784 + k] & 0xFF);
        }
        return img;
    }

    @Test
    void predictionsAreTheNetworksOutputsRanked() {
        float[] p = pixels(3);
        float[] expected = Dl4jModel.network(trained.network()).output(Nd4j.create(new float[][]{p}), false).toFloatVector();
        Prediction prediction = classifier.predict(p);
        int argMax = 0;
        for (int k = 1; k < expected.length; k++) {
            argMax = expected[k] > expected[argMax] ? k : argMax;
        }
        assertEquals(argMax, prediction.index());
        assertEquals(classifier.labels().get(argMax), prediction.label());
        assertEquals(expected[prediction.index()], prediction.probability(), 1e-6);
        List<Prediction.ScoredLabel> top3 = prediction.top(3);
        assertEquals(3, top3.size());
        assertEquals(prediction.index(), top3.get(0).index());
        assertTrue(top3.get(0).probability() >= top3.get(1).probability()
                && top3.get(1).probability() >= top3.get(2).probability(), top3.toString());
        assertEquals(10, prediction.ranking().size());
        assertEquals(1.0, prediction.ranking().stream().mapToDouble(Prediction.ScoredLabel::probability).sum(), 1e-5);
        for (Prediction.ScoredLabel s : prediction.ranking()) {
            assertEquals(expected[s.index()], s.probability(), 1e-6);
        }
        assertEquals(classifier.labels(), classifier.manifest().labels());
    }

    @Test
    void wrongLengthIsAClearError() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> classifier.predict(new float[100]));
        assertEquals("got 100 values, the model takes 784 (a row-major image of the size in its manifest)", e.getMessage());
    }

    @Test
    void unscaledPixelsAreAClearError() {
        float[] p = pixels(0);
        p[5] = 255f;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> classifier.predict(p));
        assertEquals("value 5 is 255.0, outside 0..1: scale 0..255 pixels by 1/255", e.getMessage());
        p[5] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> classifier.predict(p));
    }

    @Test
    void grayscaleImageGivesTheSameAsItsPixels() {
        assertEquals(classifier.predict(pixels(4)), classifier.predict(grayImage(4)));
    }

    @Test
    void grayPixelsInAnRgbImageAreAccepted() {
        BufferedImage gray = grayImage(6);
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = gray.getRaster().getSample(x, y, 0);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertEquals(classifier.predict(pixels(6)), classifier.predict(rgb));
    }

    @Test
    void colourAndWrongSizeImagesAreClearErrors() {
        BufferedImage colour = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(3, 4, 0xFF0000);
        assertEquals("image is in colour (pixel 3,4 is rgb(255,0,0)); the model takes grayscale images: convert it first",
                assertThrows(InvalidInputException.class, () -> classifier.predict(colour)).getMessage());
        BufferedImage big = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        assertEquals("image is 64x48, the model takes 28x28 grayscale images (white on black); resize it first",
                assertThrows(InvalidInputException.class, () -> classifier.predict(big)).getMessage());
    }

    @Test
    void aDecompressionBombFileIsRefusedBeforeDecoding(@TempDir Path files) throws IOException {
        Path bomb = Files.write(files.resolve("bomb.png"), io.softmax4j.testing.ImageFiles.pngHeader(90_000, 90_000));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> classifier.predict(bomb));
        assertTrue(e.getMessage().startsWith(bomb + ": declares 90000x90000"), e.getMessage());
    }

    @Test
    void theMnistStyleImageInputPreparesPicturesOfAnySize() {
        Classifier photos = classifier.withImageInput(ImageInput.mnistStyle(28));
        BufferedImage photo = io.softmax4j.testing.DigitImages.onWhite('4',
                new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 150), 240, 200, 10, 0);
        Prediction p = photos.predict(photo);
        assertEquals(10, p.top(10).size(), "a 240x200 colour picture is classified");
        assertThrows(InvalidInputException.class, () -> classifier.predict(photo), "the strict input refuses it");
        InvalidInputException blank = assertThrows(InvalidInputException.class,
                () -> photos.predict(new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB)));
        assertEquals("image: no digit found: the image is a single flat colour", blank.getMessage());
    }

    @Test
    void imageFiles(@TempDir Path files) throws IOException {
        Path png = files.resolve("digit.png");
        ImageIO.write(grayImage(8), "png", png.toFile());
        assertEquals(classifier.predict(pixels(8)), classifier.predict(png));

        Path text = Files.writeString(files.resolve("notes.png"), "not an image");
        assertEquals(text + ": not an image format softmax4j reads (use PNG, JPEG, BMP or GIF)",
                assertThrows(InvalidInputException.class, () -> classifier.predict(text)).getMessage());
        Path missing = files.resolve("missing.png");
        assertEquals(missing + ": no such image file",
                assertThrows(InvalidInputException.class, () -> classifier.predict(missing)).getMessage());
        Path big = files.resolve("big.png");
        ImageIO.write(new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY), "png", big.toFile());
        assertTrue(assertThrows(InvalidInputException.class, () -> classifier.predict(big)).getMessage()
                .startsWith(big + ": image is 30x30"));
    }

    @Test
    void anotherImageInputPlugsIn() {
        // e.g. the photo preprocessor: here, one that ignores the image and returns example 2
        Classifier custom = classifier.withImageInput(image -> pixels(2));
        assertEquals(classifier.predict(pixels(2)), custom.predict(new BufferedImage(500, 300, BufferedImage.TYPE_INT_RGB)));
    }

    /**
     * Predictions run in plain Java (double sums, float logits) instead of the engine's float GEMM:
     * the summation order differs, so the two agree to float rounding, held here to 1e-6 absolute
     * on every probability, with the same most probable class.
     */
    @Test
    void plainJavaForwardPassAgreesWithTheEngine() {
        float[][] batch = new float[images.count() + 2][];
        for (int i = 0; i < images.count(); i++) {
            batch[i] = pixels(i);
        }
        batch[images.count()] = new float[batch[0].length]; // all black
        batch[images.count() + 1] = new float[batch[0].length];
        java.util.Arrays.fill(batch[images.count() + 1], 1f); // all white
        float[][] engine = classifier.engineProbabilities(batch);
        float[][] plain = classifier.probabilities(batch);
        List<Prediction> ranked = classifier.predictAll(batch);
        for (int i = 0; i < batch.length; i++) {
            assertEquals(engine[i].length, plain[i].length);
            int best = 0;
            for (int k = 0; k < engine[i].length; k++) {
                assertEquals(engine[i][k], plain[i][k], 1e-6, "input " + i + " class " + k);
                best = engine[i][k] > engine[i][best] ? k : best;
            }
            assertEquals(best, ranked.get(i).index(), "input " + i);
            assertEquals(plain[i][best], ranked.get(i).probability(), 0.0, "input " + i);
        }
        assertTrue(assertThrows(InvalidInputException.class, () -> classifier.probabilities(new float[][]{new float[3]}))
                .getMessage().startsWith("got 3 values"));
    }

    @Test
    void batchPredictionMatchesOneByOne() {
        float[][] batch = new float[images.count()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = pixels(i);
        }
        List<Prediction> all = classifier.predictAll(batch);
        for (int i = 0; i < batch.length; i++) {
            assertEquals(classifier.predict(batch[i]).label(), all.get(i).label());
            assertEquals(classifier.predict(batch[i]).probability(), all.get(i).probability(), 1e-6);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> classifier.predictAll(new float[][]{pixels(0), new float[3]}));
        assertTrue(e.getMessage().startsWith("input 1: got 3 values"), e.getMessage());
    }

    @Test
    void concurrentPredictionsEqualSequentialOnes() throws Exception {
        List<Prediction> sequential = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            sequential.add(classifier.predict(pixels(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < images.count(); i++) {
                    int k = i;
                    futures.add(pool.submit(() -> classifier.predict(k % 2 == 0 ? pixels(k) : null) ));
                }
            }
            for (int j = 0; j < futures.size(); j++) {
                int i = j % images.count();
                if (i % 2 == 0) {
                    assertEquals(sequential.get(i), futures.get(j).get(), "input " + i);
                } else {
                    // errors on some threads do not disturb the others
                    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                            futures.get(j)::get);
                    assertTrue(e.getCause() instanceof InvalidInputException);
                }
            }
            List<Future<Prediction>> clean = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < images.count(); i++) {
                    int k = i;
                    clean.add(pool.submit(() -> classifier.predict(pixels(k))));
                }
            }
            for (int j = 0; j < clean.size(); j++) {
                assertEquals(sequential.get(j % images.count()), clean.get(j).get(), "input " + j % images.count());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBadModelFileIsRefusedByLoad(@TempDir Path files) throws IOException {
        Path bad = Files.writeString(files.resolve("bad.zip"), "hello");
        ModelFileException e = assertThrows(ModelFileException.class, () -> Classifier.load(bad));
        assertTrue(e.getMessage().startsWith(bad + ": is not a zip file"), e.getMessage());
    }
}
