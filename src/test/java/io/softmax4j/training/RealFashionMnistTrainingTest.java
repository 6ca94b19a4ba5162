package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.data.FashionMnistSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The book's Fashion-MNIST recipe for one epoch on the real files (provisioned like a user's run:
 * data folder, else Debian's dataset-fashion-mnist package, which .ci/run installs).
 */
class RealFashionMnistTrainingTest {

    @Test
    void oneEpochOfTheBooksRecipeOnVerifiedFilesClearlyBeatsChance() {
        RunConfig rc = ConfigLoader.load(Path.of("config/fashion-mnist-softmax.yaml"), List.of("training.epochs=1"));
        Dataset data = DatasetSources.forConfig(rc.data(), s -> { }).load();
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        assertEquals(FashionMnistSource.LABELS, data.test().labelNames());
        // Adler32 of the IDX content: the same for the published, a plain or Debian's re-gzipped copy.
        assertEquals(java.util.Map.of("train-images-idx3-ubyte", 467706777L, "train-labels-idx1-ubyte", 4093911104L,
                "t10k-images-idx3-ubyte", 2662101733L, "t10k-labels-idx1-ubyte", 3259936777L), data.checksums());

        EpochMetrics e = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data).last();
        // Measured: epoch 1 reaches test accuracy 0.785 (seed 42); chance is 0.1.
        assertTrue(e.testAccuracy() > 0.72 && e.testAccuracy() < 0.84, "epoch 1: " + e);
        assertTrue(e.loss() > 0.5 && e.loss() < 1.2, "epoch 1 mean cross-entropy: " + e);
    }
}
