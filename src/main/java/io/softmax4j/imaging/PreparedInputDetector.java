package io.softmax4j.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Optional;

/**
 * Recognises an image that is already MNIST-style (the model's size, 8-bit gray, white on black,
 * centred by its centre of mass, as MNIST's own examples and the pictures {@code --show-input}
 * writes are): preparing it again would shift and rescale the digit and change the prediction.
 * Such an image is taken as is, scaled exactly as the training pixels are (value / 255).
 */
public final class PreparedInputDetector {
    /** The dark frame MNIST leaves around its 20x20 digit box: this many pixels on each side. */
    static final int FRAME = 2;
    /** The frame's mean brightness (0..1) is at most this: a black background. */
    static final double MAX_FRAME_MEAN = 0.05;
    /** The centre of mass is within this many pixels of the image centre. */
    static final double MAX_CENTRE_OFFSET = 2.0;
    /** The same float as the training pixels' scale (1f / 255f), so the inputs are bit-identical. */
    private static final float SCALE = 1f / 255f;

    private PreparedInputDetector() {
    }

    /** The model input when {@code image} is already prepared for a {@code side x side} model, else empty. */
    public static Optional<PreparedImage> detect(BufferedImage image, int side) {
        if (image.getWidth() != side || image.getHeight() != side || side <= 2 * FRAME) {
            return Optional.empty();
        }
        float[] pixels = grayPixels(image);
        if (pixels == null) {
            return Optional.empty();
        }
        PreparedImage p = new PreparedImage(pixels, side, side);
        double frameSum = 0;
        int frameCount = 0;
        float max = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = pixels[y * side + x];
                max = Math.max(max, v);
                if (y < FRAME || x < FRAME || y >= side - FRAME || x >= side - FRAME) {
                    frameSum += v;
                    frameCount++;
                }
            }
        }
        double[] centre = p.centreOfMass();
        boolean centred = Math.abs(centre[0] - side / 2.0) <= MAX_CENTRE_OFFSET
                && Math.abs(centre[1] - side / 2.0) <= MAX_CENTRE_OFFSET;
        boolean prepared = max >= 0.5f && frameSum / frameCount <= MAX_FRAME_MEAN && centred;
        return prepared ? Optional.of(p) : Optional.empty();
    }

    /** 8-bit gray values scaled by 1/255, or null when the image has colour or more than 8 bits. */
    private static float[] grayPixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getNumComponents() == 1 && raster.getNumBands() == 1;
        if (gray && raster.getSampleModel().getSampleSize(0) != 8) {
            return null;
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v;
                if (gray) {
                    v = raster.getSample(x, y, 0);
                } else {
                    int argb = image.getRGB(x, y);
                    int r = (argb >> 16) & 0xFF;
                    int g = (argb >> 8) & 0xFF;
                    int b = argb & 0xFF;
                    if (r != g || g != b || (argb >>> 24) != 0xFF) {
                        return null;
                    }
                    v = r;
                }
                out[y * w + x] = (v & 0xFF) * SCALE;
            }
        }
        return out;
    }
}
