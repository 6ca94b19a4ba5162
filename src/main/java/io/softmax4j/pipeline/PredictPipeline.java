package io.softmax4j.pipeline;

import io.softmax4j.data.Dataset;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.imaging.ImageInputException;
import io.softmax4j.imaging.PreparedImage;
import io.softmax4j.imaging.SafeImageReader;
import io.softmax4j.imaging.ShownInputWriter;
import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.ImagePreparation;
import io.softmax4j.serving.InvalidInputException;
import io.softmax4j.serving.Prediction;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Classifies image files and test-set examples: the {@code predict} command. One bad input never stops the others. */
public final class PredictPipeline {
    /** The preparation of a file given with --as-is. */
    public static final String AS_IS = ImagePreparation.AS_IS;
    /** The preparation of a file that already is MNIST-style. */
    public static final String ALREADY_PREPARED = ImagePreparation.ALREADY_PREPARED;
    /** The preparation of any other picture. */
    public static final String PREPARED = ImagePreparation.PREPARED;

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
        SafeImageReader reader = new SafeImageReader();
        ImagePreparation preparation = new ImagePreparation(classifier.manifest().input(), asIs);
        List<Outcome> out = new ArrayList<>();
        java.util.Set<Path> shown = new java.util.HashSet<>();
        for (Path file : files) {
            try {
                ImagePreparation.Prepared prepared = preparation.prepareDescribed(reader.read(file), file);
                PreparedImage input = prepared.image();
                if (showInputDir != null) {
                    Path usual = ShownInputWriter.target(showInputDir, file, input.rows(), input.cols());
                    Path written = ShownInputWriter.write(showInputDir, file, input, shown);
                    if (!written.equals(usual)) {
                        notes.accept("note: " + usual + " is taken (existing files are never overwritten); the input "
                                + "the model saw for " + file + " went to " + written);
                    }
                }
                out.add(new Outcome(file.toString(), classifier.predict(input.pixels()), null, null, prepared.preparation()));
            } catch (ImageInputException e) {
                out.add(Outcome.failed(file.toString(), e.getMessage()));
            } catch (InvalidInputException | UncheckedIOException e) {
                out.add(Outcome.failed(file.toString(), file + ": " + e.getMessage()));
            }
        }
        return out;
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
     * @param error       why it could not be classified, or null
     * @param preparation how a file was prepared ({@link #PREPARED}, {@link #ALREADY_PREPARED},
     *                    {@link #AS_IS}); null for test examples and failures
     */
    public record Outcome(String input, Prediction prediction, String actual, String error, String preparation) {
        static Outcome of(String input, Prediction prediction, String actual) {
            return new Outcome(input, prediction, actual, null, null);
        }

        static Outcome failed(String input, String error) {
            return new Outcome(input, null, null, error, null);
        }

        public boolean ok() {
            return error == null;
        }
    }
}
