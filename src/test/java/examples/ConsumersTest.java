package examples;

import io.softmax4j.data.LabeledImages;
import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both example consumers classify a test set with a softmax4j zip and agree with softmax4j's own evaluation. */
class ConsumersTest {

    @Test
    void plainDl4jAndTheClassifierApiGiveTheSameAccuracy(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("m.zip");
        TrainingResult trained = TestModels.saveSynthetic(zip);
        LabeledImages test = SyntheticImages.make(50, 10, 9);
        SyntheticImages.writeImages(dir.resolve("t10k-images-idx3-ubyte.gz"), test); // the .gz form is read too
        SyntheticImages.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), test);
        String expected = String.format(Locale.ROOT, "accuracy %.4f", ModelEvaluator.accuracy(trained.network(), test));

        String plain = run(() -> PlainDl4jConsumer.main(new String[]{zip.toString(), dir.toString()}));
        assertTrue(plain.startsWith("plain DL4J: " + zip) && plain.contains("of 50 test images") && plain.contains(expected),
                plain);
        String api = run(() -> ClassifierConsumer.main(new String[]{zip.toString(), dir.toString()}));
        assertTrue(api.startsWith("Classifier API: " + zip) && api.contains(expected), api);
    }

    interface Main {
        void run() throws Exception;
    }

    private static String run(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
