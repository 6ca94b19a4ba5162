package io.softmax4j.imaging;

import java.awt.image.BufferedImage;

/**
 * An image as the model sees it: {@code rows x cols} pixels in 0..1, white ink on black, row-major.
 *
 * @param pixels one value per pixel, 0 = background, 1 = full ink
 * @param rows   height
 * @param cols   width
 */
public record PreparedImage(float[] pixels, int rows, int cols) {
    public PreparedImage {
        if (pixels.length != rows * cols) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + rows + "x" + cols + " image");
        }
        pixels = pixels.clone();
    }

    @Override
    public float[] pixels() {
        return pixels.clone();
    }

    public float pixel(int row, int col) {
        return pixels[row * cols + col];
    }

    /** Centre of mass as (row, col) in pixel units, pixel {@code i} spanning [i, i+1). */
    public double[] centreOfMass() {
        double sum = 0;
        double r = 0;
        double c = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double v = pixels[y * cols + x];
                sum += v;
                r += v * (y + 0.5);
                c += v * (x + 0.5);
            }
        }
        return sum == 0 ? new double[]{rows / 2.0, cols / 2.0} : new double[]{r / sum, c / sum};
    }

    /** A grayscale picture of what the model saw (for {@code predict --show-input}). */
    public BufferedImage toImage() {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, pixels[i])) * 255);
        }
        img.getRaster().setDataElements(0, 0, cols, rows, bytes);
        return img;
    }
}
