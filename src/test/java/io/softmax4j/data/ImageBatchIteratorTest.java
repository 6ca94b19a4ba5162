package io.softmax4j.data;

import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ImageBatchIteratorTest {
    private final LabeledImages images = SyntheticImages.make(10, 10, 3);

    @Test
    void batchesAreScaledToUnitRangeAndOneHot() {
        ImageBatchIterator it = new ImageBatchIterator(images, 4, false, 0);
        List<Integer> sizes = new ArrayList<>();
        int first = -1;
        while (it.hasNext()) {
            DataSet ds = it.next();
            sizes.add((int) ds.numExamples());
            assertEquals(784, ds.getFeatures().size(1));
            assertEquals(10, ds.getLabels().size(1));
            assertEquals(ds.numExamples(), ds.getLabels().sumNumber().intValue(), "one hot per row");
            if (first < 0) {
                first = 0;
                float expected = (images.pixels()[0] & 0xFF) / 255f;
                assertEquals(expected, ds.getFeatures().getFloat(0, 0), 1e-7);
                assertEquals(1f, ds.getLabels().getFloat(0, images.label(0)));
            }
            assertFalse(ds.getFeatures().maxNumber().doubleValue() > 1.0);
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
            DataSet ds = a.next();
            buffer.clear();
            int n = b.nextInto(buffer, labels);
            sizes.add(n);
            assertEquals(n * 784, buffer.position(), "advanced by the batch's pixels");
            float[] expected = ds.getFeatures().data().asFloat();
            for (int i = 0; i < n * 784; i++) {
                assertEquals(expected[i], buffer.get(i), "pixel " + i);
            }
            assertArrayEquals(java.util.Arrays.copyOf(ds.getLabels().argMax(1).toIntVector(), n),
                    java.util.Arrays.copyOf(labels, n));
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(0, b.nextBatchSize());
        assertFalse(b.hasNext());
    }

    private int[] labelsOfEpoch(int epoch, long seed) {
        ImageBatchIterator it = new ImageBatchIterator(images, 10, true, seed);
        it.setEpoch(epoch);
        return it.next().getLabels().argMax(1).toIntVector();
    }
}
