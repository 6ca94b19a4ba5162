package io.softmax4j.data;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.DataConfig;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each dataset kind, loaded from a config, on files the test writes. */
class DatasetSourcesTest {
    @TempDir
    Path dir;

    private static DataConfig data(String yaml) {
        return ConfigLoader.fromYaml(yaml, List.of(), "test.yaml").data();
    }

    /** 47 classes of 5x7 images: sizes come from the files, not from MNIST. */
    private static LabeledImages odd(int count, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        byte[] pixels = new byte[count * 35];
        rng.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 47);
        }
        return new LabeledImages(pixels, labels, 5, 7, LabelNames.numbered(47));
    }

    private String writeIdx(String prefix, LabeledImages set, String suffix) throws IOException {
        Path images = dir.resolve(prefix + "-images" + suffix);
        Path labels = dir.resolve(prefix + "-labels" + suffix);
        SyntheticImages.writeImages(images, set);
        SyntheticImages.writeLabels(labels, set);
        return "{images: " + images + ", labels: " + labels + "}";
    }

    @Test
    void idxSetTakesImageSizeAndClassCountFromTheFiles() throws IOException {
        LabeledImages train = odd(100, 1);
        LabeledImages test = odd(50, 2);
        DataConfig config = data("data: {dataset: idx, train: " + writeIdx("train", train, ".gz")
                + ", test: " + writeIdx("test", test, "") + "}\n");
        Dataset d = DatasetSources.forConfig(config, s -> { }).load();
        assertEquals("idx", d.name());
        assertEquals(35, d.train().features());
        assertEquals(5, d.train().rows());
        assertEquals(47, d.train().classes());
        assertArrayEquals(train.pixels(), d.train().pixels());
        assertArrayEquals(test.labels(), d.test().labels());
        assertEquals(Set.of("train-images.gz", "train-labels.gz", "test-images", "test-labels"), d.checksums().keySet());
        assertFalse(d.hasValidation());
    }

    @Test
    void idxSetUsesConfiguredLabelNamesAndRejectsLabelsBeyondThem() throws IOException {
        LabeledImages set = SyntheticImages.make(12, 3, 4);
        String files = "train: " + writeIdx("a", set, "") + ", test: " + writeIdx("b", set, ".gz");
        Dataset d = DatasetSources.forConfig(data("data: {dataset: idx, " + files + ", labels: [cat, dog, eel]}\n"),
                s -> { }).load();
        assertEquals(List.of("cat", "dog", "eel"), d.test().labelNames());

        DataConfig two = data("data: {dataset: idx, " + files + ", labels: [cat, dog]}\n");
        DataException e = assertThrows(DataException.class, () -> DatasetSources.forConfig(two, s -> { }).load());
        assertTrue(e.getMessage().startsWith(dir.resolve("a-labels") + ": label 2 at item 2 is outside the 2 classes"),
                e.getMessage());
    }

    @Test
    void idxTrainAndTestImagesMustHaveTheSameSize() throws IOException {
        String files = "train: " + writeIdx("a", odd(10, 1), "") + ", test: " + writeIdx("b", SyntheticImages.make(10, 3, 1), "");
        DataException e = assertThrows(DataException.class,
                () -> DatasetSources.forConfig(data("data: {dataset: idx, " + files + "}\n"), s -> { }).load());
        assertEquals(dir.resolve("b-images") + ": images are 28x28 but the training images in " + dir.resolve("a-images")
                + " are 5x7", e.getMessage());
    }

    @Test
    void csvSetLoadsThroughDataVec() throws IOException {
        LabeledImages train = SyntheticImages.make(20, 10, 5);
        LabeledImages test = SyntheticImages.make(10, 4, 6);
        CsvImageReaderTest.writeCsv(dir.resolve("train.csv"), train, true);
        CsvImageReaderTest.writeCsv(dir.resolve("test.csv"), test, true);
        Dataset d = DatasetSources.forConfig(data("data: {dataset: csv, train: {file: " + dir.resolve("train.csv")
                + "}, test: {file: " + dir.resolve("test.csv") + "}, csv: {header: true}}\n"), s -> { }).load();
        assertEquals("csv", d.name());
        assertEquals(10, d.test().classes(), "class count from the larger of the two files");
        assertArrayEquals(test.pixels(), d.test().pixels());
        assertEquals(784, d.train().features());
        assertEquals(Set.of("train.csv", "test.csv"), d.checksums().keySet());
    }

    @Test
    void csvTrainAndTestMustHaveTheSameColumns() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("train.csv"), "1,2,3\n");
        java.nio.file.Files.writeString(dir.resolve("test.csv"), "1,2\n");
        DataException e = assertThrows(DataException.class, () -> DatasetSources.forConfig(data(
                "data: {dataset: csv, train: {file: " + dir.resolve("train.csv") + "}, test: {file: " + dir.resolve("test.csv") + "}}\n"),
                s -> { }).load());
        assertEquals(dir.resolve("test.csv") + ": has 1 pixel columns but the training file " + dir.resolve("train.csv")
                + " has 2", e.getMessage());
    }

    @Test
    void validationHoldsOutASeededFractionOfTheTrainingSet() throws IOException {
        LabeledImages train = SyntheticImages.make(200, 10, 7);
        String yaml = "data: {dataset: idx, train: " + writeIdx("t", train, "") + ", test: "
                + writeIdx("s", SyntheticImages.make(10, 10, 8), "") + ", validation: 0.1}\n";
        Dataset d = DatasetSources.forConfig(data(yaml), s -> { }).load();
        Dataset again = DatasetSources.forConfig(data(yaml), s -> { }).load();
        assertTrue(d.hasValidation());
        assertEquals(20, d.validation().count());
        assertEquals(180, d.train().count());
        assertArrayEquals(d.validation().pixels(), again.validation().pixels(), "same examples held out every run");
        assertNotEquals(Arrays.toString(train.head(20).labels()), Arrays.toString(d.validation().labels()),
                "a shuffled choice, not the first examples");
        Set<String> images = new HashSet<>();
        for (LabeledImages part : List.of(d.train(), d.validation())) {
            for (int i = 0; i < part.count(); i++) {
                images.add(Arrays.toString(Arrays.copyOfRange(part.pixels(), i * 784, (i + 1) * 784)));
            }
        }
        assertEquals(200, images.size(), "every training example is in exactly one part");
    }

    @Test
    void aValidationFractionLeavingAnEmptyPartIsAnError() {
        Dataset tiny = new Dataset("tiny", SyntheticImages.make(3, 10, 1), SyntheticImages.make(3, 10, 2), java.util.Map.of());
        DataException e = assertThrows(DataException.class, () -> ValidationSplit.apply(tiny, 0.1));
        assertTrue(e.getMessage().startsWith("tiny: data.validation 0.1 of 3 training examples leaves 3 to train on and 0"),
                e.getMessage());
    }
}
