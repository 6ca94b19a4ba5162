package io.softmax4j.data;

import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    private final LabeledImages set = SyntheticImages.make(5, 10, 9);

    @Test
    void readsPlainAndGzippedFilesItWrote(@TempDir Path dir) throws IOException {
        for (String suffix : new String[]{"", ".gz"}) {
            Path images = dir.resolve("img" + suffix);
            Path labels = dir.resolve("lbl" + suffix);
            SyntheticImages.writeImages(images, set);
            SyntheticImages.writeLabels(labels, set);
            LabeledImages read = IdxDatasets.pair(images, labels, SyntheticImages.DIGITS);
            assertArrayEquals(set.pixels(), read.pixels());
            assertArrayEquals(set.labels(), read.labels());
            assertEquals(28, read.rows());
        }
    }

    @Test
    void aTruncatedImageFileIsAnErrorNotZeros(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("img");
        SyntheticImages.writeImages(images, set);
        byte[] all = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(all, all.length - 100));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
        assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }
}
