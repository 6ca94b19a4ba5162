package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.softmax4j.testing.BitIdentical.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftmaxTrainerTest {
    static RunConfig config(int epochs, double lr, int batch) {
        return ConfigLoader.fromYaml("data: {batchSize: " + batch + "}\ntraining: {epochs: " + epochs
                + ", updater: {type: sgd, learningRate: " + lr + "}}\n", List.of(), "test.yaml");
    }

    @Test
    void lossGoesDownAndTheSyntheticClassesAreLearned() {
        Dataset data = SyntheticImages.dataset(400, 100);
        List<EpochMetrics> seen = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                batches.add(batch);
            }

            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                seen.add(metrics);
            }
        };
        TrainingResult result = new SoftmaxTrainer(config(3, 0.5, 50), listener).train(data);

        assertEquals(3, result.history().size());
        assertEquals(seen, result.history(), "listener saw every epoch record");
        assertEquals(3 * 8, batches.size(), "400 examples / batch 50 = 8 batches an epoch");
        EpochMetrics first = result.history().get(0);
        EpochMetrics last = result.last();
        assertTrue(last.loss() < first.loss(), "loss went down: " + result.history());
        assertTrue(first.loss() < Math.log(10) + 0.1, "first epoch loss starts near ln(10) and falls: " + first.loss());
        assertTrue(last.testAccuracy() > 0.95, "synthetic bars are easy: " + last);
        assertTrue(last.trainAccuracy() > 0.9, "train accuracy as trained: " + last);
    }

    @Test
    void sameConfigAndSeedGiveBitIdenticalWeights() {
        Dataset data = SyntheticImages.dataset(200, 50);
        RunConfig rc = config(2, 0.1, 32);
        TrainingResult a = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);
        TrainingResult b = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);
        assertBitIdentical(a.network().parameters(), b.network().parameters(), "bit-identical weights");
        assertEquals(a.last().loss(), b.last().loss());
    }
}
