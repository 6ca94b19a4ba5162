package io.softmax4j.serving;

import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.artifact.SafeModelLoader;
import io.softmax4j.imaging.ImageInputException;
import io.softmax4j.imaging.SafeImageReader;
import io.softmax4j.engine.SoftmaxModel;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Classifies images with a softmax4j model zip; the API other applications use.
 *
 * <pre>{@code
 * Classifier classifier = Classifier.load(Path.of("models/mnist-softmax.zip"));
 * Prediction p = classifier.predict(Path.of("digit.png"));   // a 28x28 grayscale image
 * Classifier photos = classifier.withImageInput(ImageInput.mnistStyle(28));
 * Prediction q = photos.predict(Path.of("photo.jpg"));        // any size and colour, prepared like MNIST
 * System.out.println(p.label() + " " + p.probability() + " " + p.top(3));
 * }</pre>
 *
 * <p><b>Threads:</b> a {@code Classifier} is safe to share between threads, without a lock:
 * predictions run {@code softmax(xW + b)} in plain Java ({@link DenseSoftmax}) on float copies
 * of the weights taken at load, which agree with the engine's forward pass to float rounding
 * (1e-6 absolute on every probability, same labels; a test holds them to it). Calls into the
 * engine itself are serialized by a lock.
 *
 * <p><b>Trust:</b> {@link #load(Path)} checks the file before DL4J reads it (see
 * {@link SafeModelLoader}), so a crafted file cannot run code; load only models you trust all
 * the same, since a model's predictions are only as good as whoever trained it.
 */
public final class Classifier {
    private final ModelManifest manifest;
    /** The engine's model, built on first use (predictions do not need it; see {@link DenseSoftmax}). */
    private final java.util.function.Supplier<SoftmaxModel> network;
    private final Object lock;
    private final ImageInput imageInput;
    /** The forward pass used for predictions: plain Java on copies of the network's parameters. */
    private final DenseSoftmax forward;
    /** The labels' ranking entries are built from these, once. */
    private final String[] labelNames;

    private Classifier(ModelManifest manifest, java.util.function.Supplier<SoftmaxModel> network, Object lock, ImageInput imageInput,
                       DenseSoftmax forward) {
        this.manifest = manifest;
        this.network = network;
        this.lock = lock;
        this.imageInput = imageInput;
        this.forward = forward;
        this.labelNames = manifest.labels().toArray(String[]::new);
    }

    /**
     * Loads and checks a model zip.
     *
     * @throws io.softmax4j.artifact.ModelFileException naming the file and what is wrong with it
     */
    public static Classifier load(Path modelZip) {
        SafeModelLoader.Checked model = SafeModelLoader.check(modelZip);
        ModelManifest.InputContract in = model.manifest().input();
        Object lock = new Object();
        SoftmaxModel[] built = new SoftmaxModel[1];
        java.util.function.Supplier<SoftmaxModel> network = () -> {
            synchronized (lock) {
                if (built[0] == null) {
                    built[0] = model.restore();
                }
                return built[0];
            }
        };
        return new Classifier(model.manifest(), network, lock, ImageInput.strict(in.height(), in.width()),
                new DenseSoftmax(model.weights(), model.bias()));
    }

    /** This classifier with another image converter (e.g. one that preprocesses photos); same network and lock. */
    public Classifier withImageInput(ImageInput converter) {
        return new Classifier(manifest, network, lock, converter, forward);
    }

    /** What the model says about itself. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The label names in output order. */
    public List<String> labels() {
        return manifest.labels();
    }

    /**
     * Classifies one input: {@code manifest().input().length()} values in 0..1, row-major, white on black.
     *
     * @throws InvalidInputException for a wrong length or values outside 0..1
     */
    public Prediction predict(float[] pixels) {
        return predictAll(new float[][]{pixels}).get(0);
    }

    /** Classifies an image through this classifier's {@link ImageInput} (by default: strict 28x28 grayscale). */
    public Prediction predict(BufferedImage image) {
        if (image == null) {
            throw new InvalidInputException("no image given");
        }
        return predict(imageInput.toPixels(image));
    }

    /**
     * Classifies an image file (PNG, JPEG, BMP, GIF), read safely: its declared size is checked
     * before any pixel is decoded, so a decompression bomb is refused ({@link SafeImageReader}).
     *
     * @throws InvalidInputException naming the file when it is missing, empty, not an image,
     *                               truncated, corrupt, too large or not a suitable image
     */
    public Prediction predict(Path imageFile) {
        BufferedImage image;
        try {
            image = new SafeImageReader().read(imageFile);
        } catch (ImageInputException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        try {
            return predict(image);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(imageFile + ": " + e.getMessage(), e);
        }
    }

    /** Classifies many inputs in one forward pass; results in input order. */
    public List<Prediction> predictAll(float[][] inputs) {
        int length = manifest.input().length();
        if (inputs.length == 0) {
            return List.of();
        }
        float[][] checked = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            checked[i] = check(inputs[i], length, inputs.length == 1 ? "" : "input " + i + ": ");
        }
        float[][] probabilities = forward.probabilities(checked);
        List<Prediction> predictions = new ArrayList<>(inputs.length);
        for (float[] p : probabilities) {
            predictions.add(rank(p));
        }
        return predictions;
    }

    /**
     * The class probabilities of each input, in output order, without ranking objects (the
     * service's path). Same checks and same numbers as {@link #predictAll}.
     */
    public float[][] probabilities(float[][] inputs) {
        int length = manifest.input().length();
        for (int i = 0; i < inputs.length; i++) {
            checkRange(inputs[i], length, inputs.length == 1 ? "" : "input " + i + ": ");
        }
        return forward.probabilities(inputs);
    }

    /** The engine's own forward pass (behind the lock): what {@link #predictAll}'s numbers are held to in tests. */
    float[][] engineProbabilities(float[][] inputs) {
        SoftmaxModel engine = network.get();
        synchronized (lock) {
            return engine.predict(inputs);
        }
    }

    private static float[] check(float[] pixels, int length, String prefix) {
        checkRange(pixels, length, prefix);
        return pixels.clone(); // the caller may change its array while we work
    }

    private static void checkRange(float[] pixels, int length, String prefix) {
        if (pixels == null) {
            throw new InvalidInputException(prefix + "no pixels given");
        }
        if (pixels.length != length) {
            throw new InvalidInputException(prefix + "got " + pixels.length + " values, the model takes " + length
                    + " (a row-major image of the size in its manifest)");
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
                throw new InvalidInputException(prefix + "value " + i + " is " + pixels[i] + ", outside 0..1"
                        + (pixels[i] > 1f ? ": scale 0..255 pixels by 1/255" : ""));
            }
        }
    }

    private Prediction rank(float[] probabilities) {
        List<Prediction.ScoredLabel> ranking = new ArrayList<>(probabilities.length);
        for (int k = 0; k < probabilities.length; k++) {
            ranking.add(new Prediction.ScoredLabel(labelNames[k], k, probabilities[k]));
        }
        ranking.sort(Comparator.comparingDouble(Prediction.ScoredLabel::probability).reversed()
                .thenComparingInt(Prediction.ScoredLabel::index));
        Prediction.ScoredLabel best = ranking.get(0);
        return new Prediction(best.label(), best.index(), best.probability(), ranking);
    }
}
