package io.softmax4j.pipeline;

import io.softmax4j.data.Dataset;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.imaging.ImageInputException;
import io.softmax4j.imaging.MnistStylePreprocessor;
import io.softmax4j.imaging.PreparedImage;
import io.softmax4j.imaging.SafeImageReader;
import io.softmax4j.imaging.ShownInputWriter;
import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.ImageInput;
import io.softmax4j.serving.InvalidInputException;
import io.softmax4j.serving.Prediction;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Classifies image files and test-set examples: the {@code predict} command. One bad input never stops the others. */
public final class PredictPipeline {
    private PredictPipeline() {
    }

    /** Classifies each file, prepared the MNIST way; a file that cannot be classified gets an outcome with its error. */
    public static List<Outcome> files(Classifier classifier, List<Path> files) {
        return files(classifier, files, false, null);
    }

    /**
     * Classifies each file. Each is read safely ({@link SafeImageReader}: size checked from the
     * header before decoding) and, unless {@code asIs}, prepared the way MNIST was made
     * ({@link MnistStylePreprocessor}); with {@code asIs} it must already be a model-sized
     * grayscale image, white on black. A file that cannot be classified gets an outcome with its
     * error; the others are still classified.
     *
     * @param showInputDir where to write the picture the model saw for each file, or null
     */
    public static List<Outcome> files(Classifier classifier, List<Path> files, boolean asIs, Path showInputDir) {
        return files(classifier, files, asIs, showInputDir, note -> { });
    }

    /**
     * As {@link #files(Classifier, List, boolean, Path)}; {@code notes} hears where a shown input
     * went when its usual name was taken (existing files are never overwritten).
     */
    public static List<Outcome> files(Classifier classifier, List<Path> files, boolean asIs, Path showInputDir,
                                      Consumer<String> notes) {
        ModelManifest.InputContract in = classifier.manifest().input();
        SafeImageReader reader = new SafeImageReader();
        MnistStylePreprocessor preprocessor = asIs || in.height() != in.width() ? null
                : new MnistStylePreprocessor(in.height());
        List<Outcome> out = new ArrayList<>();
        java.util.Set<Path> shown = new java.util.HashSet<>();
        for (Path file : files) {
            try {
                PreparedImage input = prepare(reader.read(file), file, in, asIs, preprocessor);
                if (showInputDir != null) {
                    Path usual = ShownInputWriter.target(showInputDir, file, input.rows(), input.cols());
                    Path written = ShownInputWriter.write(showInputDir, file, input, shown);
                    if (!written.equals(usual)) {
                        notes.accept("note: " + usual + " is taken (existing files are never overwritten); the input "
                                + "the model saw for " + file + " went to " + written);
                    }
                }
                out.add(Outcome.of(file.toString(), classifier.predict(input.pixels()), null));
            } catch (ImageInputException e) {
                out.add(Outcome.failed(file.toString(), e.getMessage()));
            } catch (InvalidInputException | UncheckedIOException e) {
                out.add(Outcome.failed(file.toString(), file + ": " + e.getMessage()));
            }
        }
        return out;
    }

    private static PreparedImage prepare(BufferedImage image, Path file, ModelManifest.InputContract in, boolean asIs,
                                         MnistStylePreprocessor preprocessor) {
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

    /** Classifies test-set examples of the dataset the model names; indices past the end get an error outcome. */
    public static List<Outcome> testIndices(Classifier classifier, Path modelFile, List<Integer> indices, String dataDir,
                                            Consumer<String> status) {
        Dataset data = ModelData.load(modelFile, classifier.manifest(), dataDir, status);
        LabeledImages test = data.test();
        List<Outcome> out = new ArrayList<>();
        for (int i : indices) {
            String name = data.name() + " test[" + i + "]";
            if (i >= test.count()) {
                out.add(Outcome.failed(name, "test index " + i + " is outside the test set (0.." + (test.count() - 1) + ")"));
                continue;
            }
            out.add(Outcome.of(name, classifier.predict(test.scaledPixels(i)), test.labelNames().get(test.label(i))));
        }
        return out;
    }

    /**
     * One input's result: a prediction, or the error that prevented it.
     *
     * @param input      the file or test example
     * @param prediction the prediction, or null on error
     * @param actual     the true label for test examples, else null
     * @param error      why it could not be classified, or null
     */
    public record Outcome(String input, Prediction prediction, String actual, String error) {
        static Outcome of(String input, Prediction prediction, String actual) {
            return new Outcome(input, prediction, actual, null);
        }

        static Outcome failed(String input, String error) {
            return new Outcome(input, null, null, error);
        }

        public boolean ok() {
            return error == null;
        }
    }
}
