package io.softmax4j.pipeline;

import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@code data.limit} keeps the first N examples of every set and nothing else changes. */
class DataLimitTest {
    @Test
    void limitKeepsTheFirstExamplesOfEachSet() {
        Dataset full = new Dataset("synthetic", SyntheticImages.make(50, 10, 1), SyntheticImages.make(30, 10, 2),
                Map.of("f", 1L), SyntheticImages.make(20, 10, 3));
        Dataset cut = TrainPipeline.limited(full, 12);
        assertEquals(12, cut.train().count());
        assertEquals(12, cut.test().count());
        assertEquals(12, cut.validation().count());
        assertArrayEquals(full.train().head(12).pixels(), cut.train().pixels());
        assertEquals(full.checksums(), cut.checksums(), "the data's identity is the files read");
        assertEquals(30, TrainPipeline.limited(full, 1000).test().count(), "a limit above the size keeps everything");
        assertSame(full, TrainPipeline.limited(full, null));
    }
}
