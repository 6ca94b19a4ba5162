package io.softmax4j.data;

import io.softmax4j.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** evaluate and predict read only MNIST's test files: the training files need not even be there. */
class MnistTestOnlyTest {
    @TempDir
    Path dir;

    @Test
    void theTestSetLoadsWithoutTheTrainingFiles() throws IOException {
        Path provisioned = new MnistProvisioner(io.softmax4j.config.Paths2.expandHome(DataConfig.DEFAULT_DIR), s -> { }).provision();
        for (DatasetFile f : List.of(MnistProvisioner.TEST_IMAGES, MnistProvisioner.TEST_LABELS)) {
            Files.copy(provisioned.resolve(f.name()), dir.resolve(f.name()));
        }
        List<String> status = new ArrayList<>();
        Dataset data = new MnistSource(dir, status::add).loadTest();
        assertEquals(10_000, data.test().count());
        assertEquals(0, data.train().count(), "the training set is left empty");
        assertEquals(784, data.train().features());
        assertEquals(new MnistSource(provisioned, s -> { }).load().test().labels().length, data.test().labels().length);
        assertTrue(status.isEmpty(), "nothing provisioned: " + status);
        assertTrue(Files.notExists(dir.resolve(MnistProvisioner.TRAIN_IMAGES.name())));
        assertEquals(4, data.checksums().size(), "the dataset's identity is all four files, as after a full load");

        // a damaged test file is still refused by its checksum
        byte[] labels = Files.readAllBytes(dir.resolve(MnistProvisioner.TEST_LABELS.name()));
        labels[100] ^= 1;
        Files.write(dir.resolve(MnistProvisioner.TEST_LABELS.name()), labels);
        DataException e = assertThrows(DataException.class, () -> new MnistSource(dir, s -> { }).loadTest());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }
}
