package io.softmax4j.serving;

import io.softmax4j.imaging.ImageInputException;
import io.softmax4j.imaging.MnistStylePreprocessor;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Turns an image into the model's input values. This is the seam for preprocessing: the default,
 * {@link #strict(int, int)}, accepts only images that already meet the input contract; a
 * converter for arbitrary photos and scans plugs in here
 * ({@link Classifier#withImageInput(ImageInput)}).
 */
@FunctionalInterface
public interface ImageInput {
    /**
     * The input values for {@code image}: {@code height * width} values in 0..1, row-major,
     * light foreground on dark background.
     *
     * @throws InvalidInputException when the image cannot be converted
     */
    float[] toPixels(BufferedImage image);

    /**
     * Prepares any picture of a digit the way MNIST was made (grayscale, inverted when the paper is
     * light, cropped, longest side scaled to 20/28 of the frame, centred by mass, 0..1) into a
     * {@code side x side} input; see {@link MnistStylePreprocessor}.
     */
    static ImageInput mnistStyle(int side) {
        MnistStylePreprocessor preprocessor = new MnistStylePreprocessor(side);
        return image -> {
            try {
                return preprocessor.toFeatures(image, null);
            } catch (ImageInputException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
        };
    }

    /**
     * Accepts only {@code height x width} grayscale images (a colour image whose pixels are all
     * gray counts as grayscale) and scales each pixel by 1/255 (1/65535 for 16-bit). It does not
     * resize, invert or centre anything.
     */
    static ImageInput strict(int height, int width) {
        return image -> {
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new InvalidInputException("image is " + image.getWidth() + "x" + image.getHeight() + ", the model "
                        + "takes " + width + "x" + height + " grayscale images (white on black); resize it first");
            }
            Raster raster = image.getRaster();
            boolean gray = image.getColorModel().getNumComponents() == 1 && raster.getNumBands() == 1;
            float[] pixels = new float[height * width];
            float max = gray ? (1 << raster.getSampleModel().getSampleSize(0)) - 1 : 255f;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[y * width + x] = (gray ? raster.getSample(x, y, 0) : grayOf(image.getRGB(x, y), x, y)) / max;
                }
            }
            return pixels;
        };
    }

    private static int grayOf(int argb, int x, int y) {
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        int b = argb & 0xFF;
        if (r != g || g != b) {
            throw new InvalidInputException("image is in colour (pixel " + x + "," + y + " is rgb(" + r + "," + g + "," + b
                    + ")); the model takes grayscale images: convert it first");
        }
        return r;
    }
}
