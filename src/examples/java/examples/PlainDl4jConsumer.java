package examples;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Proof that a softmax4j model zip is a plain DL4J model: this program uses DL4J and the JDK
 * only (no softmax4j class) to load the zip and classify the MNIST test set.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=examples.PlainDl4jConsumer -Dexec.args="models/mnist-softmax.zip"</pre>
 *
 * <p>Arguments: the model zip (default models/mnist-softmax.zip) and the folder with the MNIST
 * test files (default ~/.deeplearning4j). Input contract (from the model's softmax4j/manifest.json): 28x28 grayscale, row-major,
 * pixel / 255, white digit on black; output k is the probability of digit k. Note that
 * {@code MultiLayerNetwork.load} trusts the file: load only models you trust.
 */
public final class PlainDl4jConsumer {
    private PlainDl4jConsumer() {
    }

    public static void main(String[] args) throws IOException {
        File model = new File(args.length > 0 ? args[0] : "models/mnist-softmax.zip");
        Path data = Path.of(args.length > 1 ? args[1] : System.getProperty("user.home") + "/.deeplearning4j");
        MultiLayerNetwork net = MultiLayerNetwork.load(model, false);

        float[][] images = readImages(data.resolve("t10k-images-idx3-ubyte"));
        byte[] labels = readLabels(data.resolve("t10k-labels-idx1-ubyte"));
        INDArray predicted = net.output(Nd4j.create(images), false).argMax(1);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted.getInt(i) == labels[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "plain DL4J: %s classifies %d of %d test images correctly: accuracy %.4f%n",
                model, correct, labels.length, (double) correct / labels.length);
        int[] first = new int[Math.min(10, labels.length)];
        for (int i = 0; i < first.length; i++) {
            first[i] = predicted.getInt(i);
        }
        System.out.printf("first %d predicted: %s, actual: %s%n", first.length, java.util.Arrays.toString(first),
                java.util.Arrays.toString(java.util.Arrays.copyOf(labels, first.length)));
    }

    /** An IDX3 image file (or the same name + .gz) as rows of pixel / 255. */
    static float[][] readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + ": not an IDX image file");
            }
            int count = in.readInt();
            int pixels = in.readInt() * in.readInt();
            float[][] images = new float[count][pixels];
            byte[] row = new byte[pixels];
            for (float[] image : images) {
                in.readFully(row);
                for (int k = 0; k < pixels; k++) {
                    image[k] = (row[k] & 0xFF) / 255f;
                }
            }
            return images;
        }
    }

    /** An IDX1 label file (or the same name + .gz). */
    static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            if (in.readInt() != 0x801) {
                throw new IOException(file + ": not an IDX label file");
            }
            byte[] labels = new byte[in.readInt()];
            in.readFully(labels);
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        InputStream raw = Files.exists(file) ? Files.newInputStream(file) : new GZIPInputStream(Files.newInputStream(gz));
        return new DataInputStream(new java.io.BufferedInputStream(raw));
    }
}
