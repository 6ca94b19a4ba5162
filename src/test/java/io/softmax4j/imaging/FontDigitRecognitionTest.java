package io.softmax4j.imaging;

import io.softmax4j.dl4j.Dl4jModel;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.testing.DigitImages;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Font;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Digits typed in ordinary fonts on a white canvas of a few hundred pixels, prepared the MNIST
 * way, are recognised by a softmax regression trained on real MNIST more often than not. (A
 * linear model of handwriting is no font reader: 4, 5 and 9 are its weak digits.) Trains quickly
 * on a 12,000-image subset; the reference model (10 epochs, all of MNIST) scores about the same.
 */
class FontDigitRecognitionTest {
    /** The fonts tried, where installed: DejaVu from Debian's fonts-dejavu-core, Liberation from fonts-liberation. */
    private static final String[] FONTS = {"DejaVu Sans", "DejaVu Serif", "Liberation Sans", "Liberation Serif"};

    /** The wanted fonts that are installed (Java would silently draw a missing one in its fallback font). */
    private static List<String> installedFonts() {
        List<String> families = List.of(java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames(java.util.Locale.ROOT));
        return java.util.Arrays.stream(FONTS).filter(families::contains).toList();
    }

    @Test
    void mostFontDigitsOnAWhiteCanvasAreRecognised() {
        List<String> fonts = installedFonts();
        org.junit.jupiter.api.Assumptions.assumeFalse(fonts.isEmpty(),
                "needs system fonts: install Debian's fonts-dejavu-core (or fonts-liberation)");
        RunConfig rc = ConfigLoader.load(Path.of("config/mnist-softmax.yaml"),
                List.of("training.epochs=2", "training.updater.learningRate=0.1"));
        Dataset full = DatasetSources.forConfig(rc.data(), s -> { }).load();
        Dataset subset = new Dataset(full.name(), full.train().head(12_000), full.test().head(1_000), full.checksums());
        MultiLayerNetwork net = Dl4jModel.network(new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(subset).network());

        MnistStylePreprocessor preprocessor = new MnistStylePreprocessor();
        int correct = 0;
        int total = 0;
        StringBuilder misses = new StringBuilder();
        for (String font : fonts) {
            for (int style : new int[]{Font.PLAIN, Font.BOLD}) {
                for (char d = '0'; d <= '9'; d++) {
                    PreparedImage p = preprocessor.prepare(
                            DigitImages.onWhite(d, new Font(font, style, 220), 320, 300, 15, -10), Path.of(d + ".png"));
                    int predicted = net.output(Nd4j.create(p.pixels(), new long[]{1, 784}), false).argMax(1).getInt(0);
                    total++;
                    if (predicted == d - '0') {
                        correct++;
                    } else {
                        misses.append(' ').append(d).append("->").append(predicted);
                    }
                }
            }
        }
        double rate = (double) correct / total;
        System.out.printf("font digits recognised: %d/%d = %.3f; misses:%s%n", correct, total, rate, misses);
        assertTrue(rate >= 0.4, "recognised " + correct + "/" + total + "; misses:" + misses);
    }
}
