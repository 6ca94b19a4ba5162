package io.softmax4j.data;

import java.util.List;

/**
 * A set of same-sized grayscale images with integer labels, held compactly as bytes
 * (one byte a pixel, 0..255, row-major, one image after another).
 *
 * @param pixels     {@code count * rows * cols} pixel bytes
 * @param labels     {@code count} labels, each in {@code [0, labelNames.size())}
 * @param rows       image height
 * @param cols       image width
 * @param labelNames class names in output order
 */
public record LabeledImages(byte[] pixels, byte[] labels, int rows, int cols, List<String> labelNames) {
    public LabeledImages {
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels length " + pixels.length + " != " + labels.length
                    + " images of " + rows + "x" + cols);
        }
        labelNames = List.copyOf(labelNames);
    }

    public int count() {
        return labels.length;
    }

    public int features() {
        return rows * cols;
    }

    public int classes() {
        return labelNames.size();
    }

    /** The label of example {@code i}, 0-based. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** Multiplies a pixel byte (0..255) into the model's 0..1 input range. */
    public static final float PIXEL_SCALE = 1f / 255f;

    /** Example {@code i}'s pixels scaled to 0..1 exactly as training and evaluation scale them. */
    public float[] scaledPixels(int i) {
        int n = features();
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = (pixels[i * n + k] & 0xFF) * PIXEL_SCALE;
        }
        return out;
    }

    /** The same examples under other class names (which must cover every label). */
    public LabeledImages withLabelNames(List<String> names) {
        return new LabeledImages(pixels, labels, rows, cols, names);
    }

    /** The examples at the given indices, in that order (copies; shares no arrays with this one). */
    public LabeledImages select(int[] indices) {
        int f = features();
        byte[] p = new byte[indices.length * f];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * f, p, i * f, f);
            l[i] = labels[indices[i]];
        }
        return new LabeledImages(p, l, rows, cols, labelNames);
    }

    /** The first {@code n} examples (a view sharing no arrays with this one). */
    public LabeledImages head(int n) {
        int k = Math.min(n, count());
        byte[] p = java.util.Arrays.copyOf(pixels, k * features());
        byte[] l = java.util.Arrays.copyOf(labels, k);
        return new LabeledImages(p, l, rows, cols, labelNames);
    }
}
