import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.data.MnistSource;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * softmax4j's trainer on a training set of EXAMPLES images made by subsetting or repeating
 * MNIST's 60,000 (example i is MNIST's i mod 60,000), for EPOCHS epochs of the reference recipe
 * (config/mnist-softmax.yaml), with the per-epoch test evaluation.
 *
 * <p>{@code java -cp "target/softmax4j.jar:target/lib/*" bench/Scaling.java EXAMPLES EPOCHS [KEY=VALUE...]}
 * prints one {@code SCALE examples=... epochs=... train_s=... first_epoch_s=... steady_epoch_s=... test_acc=...}
 * line; an epoch's seconds include its test evaluation (10,000 images, a constant).
 */
public class Scaling {
    public static void main(String[] args) {
        int examples = Integer.parseInt(args[0]);
        int epochs = Integer.parseInt(args[1]);
        List<String> overrides = new ArrayList<>(List.of("training.epochs=" + epochs));
        for (int i = 2; i < args.length; i++) {
            overrides.add(args[i]);
        }
        RunConfig config = ConfigLoader.load(Path.of("config/mnist-softmax.yaml"), overrides);
        Dataset mnist = new MnistSource(config.data().dirPath(), line -> { }).load();
        LabeledImages base = mnist.train();
        int f = base.features();
        byte[] pixels = new byte[Math.multiplyExact(examples, f)];
        byte[] labels = new byte[examples];
        for (int i = 0; i < examples; i++) {
            int src = i % base.count();
            System.arraycopy(base.pixels(), src * f, pixels, i * f, f);
            labels[i] = base.labels()[src];
        }
        LabeledImages train = new LabeledImages(pixels, labels, base.rows(), base.cols(), base.labelNames());
        Dataset data = new Dataset("mnist-" + examples, train, mnist.test(), mnist.checksums());
        TrainingResult result = new SoftmaxTrainer(config, TrainingListener.Defaults.none()).train(data);
        // the first epoch carries the JIT warm-up; the steady cost is the median of the others
        double[] later = result.history().stream().skip(1).mapToDouble(m -> m.seconds()).sorted().toArray();
        double steady = later.length == 0 ? result.history().get(0).seconds() : later[later.length / 2];
        System.out.printf(Locale.ROOT, "SCALE examples=%d epochs=%d train_s=%.3f first_epoch_s=%.4f steady_epoch_s=%.4f test_acc=%.4f%n",
                examples, epochs, result.seconds(), result.history().get(0).seconds(), steady, result.last().testAccuracy());
    }
}
