package io.softmax4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

/**
 * A DL4J {@link DataSetIterator} over {@link LabeledImages} held as bytes: pixels are scaled to
 * [0, 1] and labels one-hot encoded one minibatch at a time, so the dataset lives in memory once,
 * compactly. Shuffling is seeded per epoch ({@code seed}, {@code epoch}), so any epoch's order
 * can be reproduced without saving RNG state (this is what makes resume exact).
 */
public final class ImageBatchIterator implements DataSetIterator {
    private static final float SCALE = 1f / 255f;

    private final LabeledImages images;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private int epoch;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    public ImageBatchIterator(LabeledImages images, int batchSize, boolean shuffle, long seed) {
        this.images = images;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[images.count()];
        setEpoch(0);
    }

    /** Positions the iterator at the start of the given (0-based) epoch, with that epoch's order. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.cursor = 0;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random rng = new Random(seed * 1_000_003L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        int n = Math.min(num, order.length - cursor);
        int f = images.features();
        int classes = images.classes();
        float[] x = new float[n * f];
        float[] y = new float[n * classes];
        byte[] pixels = images.pixels();
        for (int r = 0; r < n; r++) {
            int ex = order[cursor + r];
            int src = ex * f;
            int dst = r * f;
            for (int k = 0; k < f; k++) {
                x[dst + k] = (pixels[src + k] & 0xFF) * SCALE;
            }
            y[r * classes + images.label(ex)] = 1f;
        }
        cursor += n;
        INDArray features = Nd4j.create(x, new long[]{n, f}, 'c');
        INDArray labels = Nd4j.create(y, new long[]{n, classes}, 'c');
        DataSet ds = new DataSet(features, labels);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return images.features();
    }

    @Override
    public int totalOutcomes() {
        return images.classes();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Moves to the next epoch's order. */
    @Override
    public void reset() {
        setEpoch(epoch + (cursor > 0 ? 1 : 0));
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return images.labelNames();
    }
}
