package io.softmax4j.pipeline;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.DataException;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainPreflightTest {
    @TempDir
    Path dir;

    @Test
    void anOutputFolderThatCannotBeCreatedIsReportedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path model = file.resolve("m.zip");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainPreflight.checkWritable(model, TrainPipeline.runDir(model)));
        assertEquals("output.model", e.key());
        assertTrue(e.getMessage().startsWith("cannot write to " + file), e.getMessage());
    }

    @Test
    void aRunFolderThatIsAFileIsReported() throws IOException {
        Files.writeString(dir.resolve("m"), "x");
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainPreflight.checkWritable(dir.resolve("m.zip"), dir.resolve("m")));
        assertTrue(e.getMessage().contains("exists and is not a folder"), e.getMessage());
    }

    @Test
    void aWritableFolderPassesAndIsLeftClean() throws IOException {
        Path model = dir.resolve("sub/m.zip");
        assertDoesNotThrow(() -> TrainPreflight.checkWritable(model, TrainPipeline.runDir(model)));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(0, files.count(), "the write probe is removed");
        }
    }

    @Test
    void tooLittleSpaceNamesTheFolderAndTheNeed() {
        long need = TrainPreflight.bytesNeeded(RunConfig.defaults(), 784, 10);
        assertTrue(need > 7850 * 4 && need < 64L << 20, "a sane estimate for MNIST: " + need);
        ConfigException e = assertThrows(ConfigException.class, () -> TrainPreflight.requireSpace(dir, need, 1_000_000));
        assertTrue(e.getMessage().startsWith("only 1.0 MB free in " + dir + "; the model and its checkpoints need about"),
                e.getMessage());
        assertDoesNotThrow(() -> TrainPreflight.requireSpace(dir, need, need));
    }

    @Test
    void emptyDataIsRefused() {
        Dataset data = SyntheticImages.dataset(10, 5);
        Dataset noTest = new Dataset("s", data.train(), data.test().head(0), Map.of());
        DataException e = assertThrows(DataException.class, () -> TrainPreflight.checkData(noTest));
        assertTrue(e.getMessage().contains("the test set 0"), e.getMessage());
    }
}
