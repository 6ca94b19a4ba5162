package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One epoch of the reference recipe on real MNIST (provisioned on first use). */
class RealMnistTrainingTest {

    @Test
    void oneEpochOfTheReferenceRecipeClearlyBeatsChance() {
        RunConfig rc = ConfigLoader.load(java.nio.file.Path.of("config/mnist-softmax.yaml"),
                List.of("training.epochs=1"));
        Dataset data = DatasetSources.forConfig(rc.data(), s -> { }).load();
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());

        TrainingResult result = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);
        EpochMetrics e = result.last();
        // The reference's first epoch reaches 0.788 test accuracy; chance is 0.1.
        assertTrue(e.testAccuracy() > 0.75 && e.testAccuracy() < 0.85, "epoch 1: " + e);
        assertTrue(e.loss() > 0.5 && e.loss() < 2.3, "epoch 1 mean cross-entropy: " + e);
    }
}
