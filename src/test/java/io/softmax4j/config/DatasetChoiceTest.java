package io.softmax4j.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code data.dataset} becomes one of a closed set of kinds, each carrying only its own settings. */
class DatasetChoiceTest {
    private static DatasetChoice choice(String yaml) {
        return ConfigLoader.fromYaml(yaml, List.of(), "x.yaml").data().dataset();
    }

    @Test
    void eachNameGivesItsKindWithItsSettings() {
        DatasetChoice.Mnist mnist = assertInstanceOf(DatasetChoice.Mnist.class, choice("data: {dir: /d/m}\n"));
        assertEquals(Path.of("/d/m"), mnist.dir());
        DatasetChoice.FashionMnist fashion = assertInstanceOf(DatasetChoice.FashionMnist.class,
                choice("data: {dataset: fashion-mnist, dir: /d/f}\n"));
        assertEquals(Path.of("/d/f"), fashion.dir());
        DatasetChoice.Idx idx = assertInstanceOf(DatasetChoice.Idx.class, choice("data: {dataset: idx, "
                + "train: {images: a, labels: b}, test: {images: c, labels: d}, labels: [x, y]}\n"));
        assertEquals("a", idx.train().images());
        assertEquals(List.of("x", "y"), idx.labels());
        DatasetChoice.Csv csv = assertInstanceOf(DatasetChoice.Csv.class, choice("data: {dataset: csv, "
                + "train: {file: t.csv}, test: {file: s.csv}, csv: {delimiter: ';'}}\n"));
        assertEquals(";", csv.layout().delimiter());
        assertEquals("csv", csv.name());
    }

    @Test
    void theNamesAreTheKindsNames() {
        assertEquals(List.of("mnist", "fashion-mnist", "idx", "csv"), DatasetChoice.NAMES);
        assertEquals(DatasetChoice.NAMES, DataConfig.DATASETS);
    }

    @Test
    void dataConfigHoldsTheChoiceAndWritesItBackFlat() {
        DataConfig data = DataConfig.of("csv", null, 64, false, new DataConfig.Files(null, null, "a.csv"),
                new DataConfig.Files(null, null, "b.csv"), List.of("x", "y"), null, null, null);
        DatasetChoice.Csv csv = assertInstanceOf(DatasetChoice.Csv.class, data.dataset());
        assertEquals(DataConfig.Csv.defaults(), csv.layout());
        assertEquals(List.of("x", "y"), data.labels());
        String yaml = ConfigLoader.toYaml(new RunConfig(data, null, null, null, null));
        assertTrue(yaml.startsWith("data:\n  dataset: csv\n  dir: \"~/.deeplearning4j\"\n  batchSize: 64\n  shuffle: false\n"
                + "  train:\n    file: a.csv\n"), yaml);
        assertEquals(data, ConfigLoader.fromYaml(yaml, List.of(), "shown.yaml").data());
        assertThrows(ConfigException.class, () -> DataConfig.of("cifar", null, null, null, null, null, null, null, null, null));
    }

    @Test
    void anUnknownNameIsRefusedWithTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> choice("data: {dataset: cifar}\n"));
        assertEquals("data.dataset", e.key());
    }
}
