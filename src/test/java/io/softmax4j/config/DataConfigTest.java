package io.softmax4j.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataConfigTest {
    private static DataConfig data(String yaml) {
        return ConfigLoader.fromYaml(yaml, List.of(), "x.yaml").data();
    }

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> data(yaml));
    }

    @Test
    void defaultsAreMnistWithoutValidation() {
        DataConfig d = DataConfig.defaults();
        assertEquals("mnist", d.dataset().name());
        assertEquals("~/.deeplearning4j", d.dir());
        assertEquals(0.0, d.validation());
        assertNull(d.train());
        assertNull(d.csv());
    }

    @Test
    void fashionMnistGetsItsOwnFolderByDefault() {
        assertEquals("~/.deeplearning4j/fashion-mnist", data("data: {dataset: fashion-mnist}\n").dir());
        assertEquals("/data/f", data("data: {dataset: fashion-mnist, dir: /data/f}\n").dir());
    }

    @Test
    void unknownDatasetListsTheKinds() {
        ConfigException e = error("data: {dataset: cifar}\n");
        assertEquals("data.dataset", e.key());
        assertEquals("x.yaml:1: data.dataset must be one of [mnist, fashion-mnist, idx, csv], got cifar", e.getMessage());
    }

    @Test
    void idxNeedsItsFourFiles() {
        assertEquals("data.train", error("data: {dataset: idx}\n").key());
        ConfigException e = error("data: {dataset: idx, train: {images: a, labels: b}, test: {images: c}}\n");
        assertEquals("data.test.labels", e.key());
        assertTrue(e.getMessage().endsWith("data.test.labels is required when data.dataset is idx (data.test needs [images, labels])"),
                e.getMessage());
        assertEquals("data.train.file", error("data: {dataset: idx, train: {images: a, labels: b, file: x}, test: {images: c, labels: d}}\n").key());
    }

    @Test
    void csvNeedsItsTwoFilesAndGetsDefaultLayout() {
        ConfigException e = error("data: {dataset: csv, train: {file: a.csv}}\n");
        assertEquals("data.test", e.key());
        assertTrue(e.getMessage().contains("data.test is required when data.dataset is csv, e.g. test: {file: test.csv}"), e.getMessage());
        DataConfig d = data("data: {dataset: csv, train: {file: a.csv}, test: {file: b.csv}}\n");
        assertEquals(DataConfig.Csv.defaults(), d.csv());
        assertEquals(false, d.csv().header());
        assertEquals(0, d.csv().labelColumn());
        assertEquals(255.0, d.csv().pixelMax());
    }

    @Test
    void fileKeysAreRefusedForProvisionedDatasets() {
        ConfigException e = error("data: {dataset: fashion-mnist, labels: [a, b]}\n");
        assertEquals("data.labels", e.key());
        assertTrue(e.getMessage().contains("fashion-mnist brings its own files and class names"), e.getMessage());
    }

    @Test
    void labelsAreCheckedForCountBlanksAndRepeats() {
        String files = "dataset: idx, train: {images: a, labels: b}, test: {images: c, labels: d}";
        assertTrue(error("data: {" + files + ", labels: [one]}\n").getMessage()
                .contains("data.labels must name 2 to 256 classes in label order, got 1"));
        assertTrue(error("data: {" + files + ", labels: one}\n").getMessage()
                .contains("data.labels must name 2 to 256 classes in label order, got 1"), "a lone name, not a list");
        assertTrue(error("data: {" + files + ", labels: [a, a]}\n").getMessage()
                .contains("data.labels[1] repeats the class name a"));
        assertTrue(error("data: {" + files + ", labels: [a, ' ']}\n").getMessage().contains("data.labels[1] must not be empty"));
    }

    @Test
    void validationAndCsvLayoutRanges() {
        assertTrue(error("data: {validation: 0.95}\n").getMessage().contains("data.validation must be in [0, 0.9], got 0.95"));
        String csv = "data: {dataset: csv, train: {file: a}, test: {file: b}, csv: ";
        assertTrue(error(csv + "{labelColumn: -1}}\n").getMessage().contains("data.csv.labelColumn must be in [0, 1000000], got -1"));
        assertTrue(error(csv + "{pixelMax: 0}}\n").getMessage().contains("data.csv.pixelMax must be in (0, 65535], got 0.0"));
        assertTrue(error(csv + "{delimiter: ';;'}}\n").getMessage().contains("data.csv.delimiter must be one character"));
    }

    @Test
    void overridesReachNestedKeysAndTheConfigRoundTrips() {
        RunConfig rc = ConfigLoader.fromYaml("data: {dataset: csv, train: {file: a.csv}, test: {file: b.csv}}\n",
                List.of("data.csv.header=true", "data.validation=0.1", "data.test.file=c.csv"), "x.yaml");
        assertEquals(true, rc.data().csv().header());
        assertEquals(0.1, rc.data().validation());
        assertEquals("c.csv", rc.data().test().file());
        assertEquals(rc, ConfigLoader.fromYaml(ConfigLoader.toYaml(rc), List.of(), "shown.yaml"));
    }
}
