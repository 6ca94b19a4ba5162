package io.softmax4j.testing;

import java.awt.image.BufferedImage;

/** Luminance statistics of a picture, to tell a drawn picture from a blank one. */
public record PixelStats(double mean, double stdDev, double inkedFraction, long reddish) {

    public static PixelStats of(BufferedImage img) {
        double sum = 0;
        double sumSq = 0;
        long inked = 0;
        long red = 0;
        long n = (long) img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                double lum = 0.299 * r + 0.587 * g + 0.114 * b;
                sum += lum;
                sumSq += lum * lum;
                inked += lum < 200 ? 1 : 0;
                red += r > 150 && g < 90 && b < 90 ? 1 : 0;
            }
        }
        double mean = sum / n;
        return new PixelStats(mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean)), (double) inked / n, red);
    }

    /** Not blank: a fair share of the picture is drawn and its luminance varies. */
    public boolean looksDrawn() {
        return inkedFraction > 0.01 && stdDev > 20;
    }
}
