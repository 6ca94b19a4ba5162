package io.softmax4j.data;

import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Minibatches over {@link LabeledImages} held as bytes: pixels are scaled to [0, 1] and labels
 * one-hot encoded one minibatch at a time, so the dataset lives in memory once, compactly.
 * Shuffling is seeded per epoch ({@code seed}, {@code epoch}), so any epoch's order can be
 * reproduced without saving RNG state (this is what makes resume exact). Engine-neutral: the
 * engine adapter wraps it in its own iterator type.
 */
public final class ImageBatchIterator implements Iterator<ImageBatchIterator.Batch> {
    private static final float SCALE = LabeledImages.PIXEL_SCALE;

    private final LabeledImages images;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private int epoch;
    private int cursor;
    private float[] row;

    /**
     * One minibatch.
     *
     * @param size     examples in it
     * @param features {@code size * features} pixels in [0, 1], row-major
     * @param labels   {@code size * classes} one-hot labels, row-major
     */
    public record Batch(int size, float[] features, float[] labels) {
    }

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

    /** The size of the batch {@link #next()} or {@link #nextInto} returns next (0 at the end). */
    public int nextBatchSize() {
        return Math.min(batchSize, order.length - cursor);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public Batch next() {
        return next(batchSize);
    }

    /** The next minibatch of at most {@code num} examples, as new arrays. */
    public Batch next(int num) {
        int n = Math.min(num, order.length - cursor);
        int f = images.features();
        int classes = images.classes();
        float[] x = new float[n * f];
        float[] y = new float[n * classes];
        for (int r = 0; r < n; r++) {
            int ex = order[cursor + r];
            scaleRow(ex, x, r * f);
            y[r * classes + images.label(ex)] = 1f;
        }
        cursor += n;
        return new Batch(n, x, y);
    }

    /**
     * Writes the next minibatch straight into caller-owned buffers, allocating nothing: the
     * scaled pixels row-major into {@code features} from its position (which it advances), and
     * the labels as class indices into {@code labels}. Same order and values as {@link #next()}.
     *
     * @param features receives {@code n * features()} floats, e.g. a view of a reused off-heap array
     * @param labels   receives {@code n} class indices; at least {@link #batch()} long
     * @return the number of examples written, {@code n}
     */
    public int nextInto(FloatBuffer features, int[] labels) {
        int n = Math.min(batchSize, order.length - cursor);
        int f = images.features();
        if (row == null) {
            row = new float[f];
        }
        for (int r = 0; r < n; r++) {
            int ex = order[cursor + r];
            scaleRow(ex, row, 0);
            features.put(row, 0, f);
            labels[r] = images.label(ex);
        }
        cursor += n;
        return n;
    }

    /** Scales example {@code ex}'s pixels to [0, 1] into {@code dst} from {@code offset}. */
    private void scaleRow(int ex, float[] dst, int offset) {
        byte[] pixels = images.pixels();
        int f = images.features();
        int src = ex * f;
        for (int k = 0; k < f; k++) {
            dst[offset + k] = (pixels[src + k] & 0xFF) * SCALE;
        }
    }

    /** Pixels per example. */
    public int features() {
        return images.features();
    }

    /** Number of classes (the one-hot width). */
    public int classes() {
        return images.classes();
    }

    /** Moves to the next epoch's order (if this one was started). */
    public void reset() {
        setEpoch(epoch + (cursor > 0 ? 1 : 0));
    }

    /** The full batch size. */
    public int batch() {
        return batchSize;
    }

    /** The class names. */
    public List<String> labelNames() {
        return images.labelNames();
    }
}
