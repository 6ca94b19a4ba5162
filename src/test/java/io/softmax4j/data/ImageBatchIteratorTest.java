package io.softmax4j.data;

import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageBatchIteratorTest {
    private final LabeledImages images = SyntheticImages.make(10, 10, 3);

    @Test
    void batchesAreScaledToUnitRangeAndOneHot() {
        ImageBatchIterator it = new ImageBatchIterator(images, 4, false, 0);
        List<Integer> sizes = new ArrayList<>();
        int first = -1;
        while (it.hasNext()) {
            ImageBatchIterator.Batch b = it.next();
            sizes.add(b.size());
            assertEquals(b.size() * 784, b.features().length);
            assertEquals(b.size() * 10, b.labels().length);
            for (int r = 0; r < b.size(); r++) {
                float rowSum = 0;
                for (int k = 0; k < 10; k++) {
                    float v = b.labels()[r * 10 + k];
                    assertTrue(v == 0f || v == 1f, "one-hot value " + v);
                    rowSum += v;
                }
                assertEquals(1f, rowSum, "one hot per row");
            }
            if (first < 0) {
                first = 0;
                float expected = (images.pixels()[0] & 0xFF) / 255f;
                assertEquals(expected, b.features()[0], 1e-7);
                assertEquals(1f, b.labels()[images.label(0)]);
            }
            for (float v : b.features()) {
                assertFalse(v > 1f || v < 0f, "pixel " + v + " outside [0, 1]");
            }
        }
        assertEquals(List.of(4, 4, 2), sizes);
    }

    @Test
    void shuffleIsSeededPerEpoch() {
        assertArrayEquals(labelsOfEpoch(1, 7), labelsOfEpoch(1, 7), "same seed and epoch, same order");
        assertNotEquals(java.util.Arrays.toString(labelsOfEpoch(1, 7)), java.util.Arrays.toString(labelsOfEpoch(2, 7)));
        assertNotEquals(java.util.Arrays.toString(labelsOfEpoch(1, 7)), java.util.Arrays.toString(labelsOfEpoch(1, 8)));
    }

    @Test
    void nextIntoWritesTheSameBatchesAsNextWithoutAllocating() {
        ImageBatchIterator a = new ImageBatchIterator(images, 4, true, 3);
        ImageBatchIterator b = new ImageBatchIterator(images, 4, true, 3);
        a.setEpoch(2);
        b.setEpoch(2);
        java.nio.FloatBuffer buffer = java.nio.FloatBuffer.allocate(4 * 784);
        int[] labels = new int[4];
        List<Integer> sizes = new ArrayList<>();
        while (a.hasNext()) {
            assertEquals(a.nextBatchSize(), b.nextBatchSize());
            ImageBatchIterator.Batch batch = a.next();
            buffer.clear();
            int n = b.nextInto(buffer, labels);
            sizes.add(n);
            assertEquals(batch.size(), n);
            assertEquals(n * 784, buffer.position(), "advanced by the batch's pixels");
            float[] expected = batch.features();
            for (int i = 0; i < n * 784; i++) {
                assertEquals(expected[i], buffer.get(i), "pixel " + i);
            }
            assertArrayEquals(java.util.Arrays.copyOf(classes(batch), n), java.util.Arrays.copyOf(labels, n));
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(0, b.nextBatchSize());
        assertFalse(b.hasNext());
    }

    private int[] labelsOfEpoch(int epoch, long seed) {
        ImageBatchIterator it = new ImageBatchIterator(images, 10, true, seed);
        it.setEpoch(epoch);
        return classes(it.next());
    }

    /** Each row's class, from its one-hot label. */
    private static int[] classes(ImageBatchIterator.Batch b) {
        int k = b.labels().length / b.size();
        int[] out = new int[b.size()];
        for (int r = 0; r < b.size(); r++) {
            for (int j = 0; j < k; j++) {
                if (b.labels()[r * k + j] == 1f) {
                    out[r] = j;
                }
            }
        }
        return out;
    }
}
