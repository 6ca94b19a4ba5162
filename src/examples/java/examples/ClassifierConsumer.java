package examples;

import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.Prediction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The same as {@link PlainDl4jConsumer}, through softmax4j's {@link Classifier} API: the file is
 * checked before DL4J reads it, inputs are checked against the manifest's contract, and the
 * answers carry label names and probabilities.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=examples.ClassifierConsumer -Dexec.args="models/mnist-softmax.zip"</pre>
 */
public final class ClassifierConsumer {
    private ClassifierConsumer() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args.length > 0 ? args[0] : "models/mnist-softmax.zip");
        Path data = Path.of(args.length > 1 ? args[1] : System.getProperty("user.home") + "/.deeplearning4j");
        Classifier classifier = Classifier.load(model);

        float[][] images = PlainDl4jConsumer.readImages(data.resolve("t10k-images-idx3-ubyte"));
        byte[] labels = PlainDl4jConsumer.readLabels(data.resolve("t10k-labels-idx1-ubyte"));
        List<Prediction> predictions = classifier.predictAll(images);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predictions.get(i).index() == labels[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "Classifier API: %s classifies %d of %d test images correctly: accuracy %.4f%n",
                model, correct, labels.length, (double) correct / labels.length);
        Prediction first = predictions.get(0);
        System.out.printf(Locale.ROOT, "test image 0 (a %d): %s with probability %.4f, top-3 %s%n", labels[0],
                first.label(), first.probability(), first.top(3).stream()
                        .map(s -> String.format(Locale.ROOT, "%s %.3f", s.label(), s.probability())).toList());
    }
}
