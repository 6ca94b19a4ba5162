package io.softmax4j.serving;

import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.imaging.MnistStylePreprocessor;
import io.softmax4j.imaging.PreparedImage;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * How a user's image becomes a model input; shared by {@code predict} and {@code serve} so both
 * give the same numbers for the same file. By default the image is prepared the way MNIST was made
 * ({@link MnistStylePreprocessor}); "as is" it must already be a model-sized grayscale image, white
 * on black ({@link ImageInput#strict}).
 */
public final class ImagePreparation {
    /** The preparation of an input given as is (--as-is). */
    public static final String AS_IS = "used as given (--as-is)";
    /** The preparation of an input that already is MNIST-style. */
    public static final String ALREADY_PREPARED = "already MNIST-style (model-sized, white on black, centred), used as is";
    /** The preparation of any other picture. */
    public static final String PREPARED = "prepared the MNIST way";

    private final ModelManifest.InputContract in;
    private final boolean asIs;
    private final MnistStylePreprocessor preprocessor;

    /** The preparation for a model with input contract {@code in}; {@code asIs} skips the MNIST-style steps. */
    public ImagePreparation(ModelManifest.InputContract in, boolean asIs) {
        this.in = in;
        this.asIs = asIs;
        this.preprocessor = asIs || in.height() != in.width() ? null : new MnistStylePreprocessor(in.height());
    }

    /**
     * The picture the model sees for {@code image}; {@code file} only names the source in errors.
     *
     * @throws InvalidInputException       when an as-is image is not model-sized grayscale, or the model is not square
     * @throws io.softmax4j.imaging.ImageInputException when the image holds no digit
     */
    public PreparedImage prepare(BufferedImage image, Path file) {
        return prepareDescribed(image, file).image();
    }

    /**
     * As {@link #prepare}, saying which preparation was applied: an image that already is
     * MNIST-style (model-sized, white on black, centred) is used as it is, so it gives the same
     * numbers as the dataset example it came from.
     */
    public Prepared prepareDescribed(BufferedImage image, Path file) {
        if (asIs) {
            return new Prepared(prepareStrictly(image, file), AS_IS);
        }
        java.util.Optional<PreparedImage> already = io.softmax4j.imaging.PreparedInputDetector.detect(image, in.height());
        return already.map(p -> new Prepared(p, ALREADY_PREPARED))
                .orElseGet(() -> new Prepared(prepareStrictly(image, file), PREPARED));
    }

    /** A prepared picture and the words that say how it was prepared. */
    public record Prepared(PreparedImage image, String preparation) {
    }

    private PreparedImage prepareStrictly(BufferedImage image, Path file) {
        if (asIs) {
            return new PreparedImage(ImageInput.strict(in.height(), in.width()).toPixels(image), in.height(), in.width());
        }
        if (preprocessor == null) {
            throw new InvalidInputException("the model takes " + in.width() + "x" + in.height() + " images, and the "
                    + "MNIST-style preparation makes square ones; give " + in.width() + "x" + in.height()
                    + " grayscale images with --as-is");
        }
        return preprocessor.prepare(image, file);
    }
}
