package io.softmax4j.dl4j;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackendWarmupTest {
    @Test
    void warmUpRunningAlongsideTrainingChangesNothing() throws InterruptedException {
        Dataset data = SyntheticImages.dataset(300, 60);
        RunConfig rc = ConfigLoader.fromYaml("data: {batchSize: 32}\ntraining: {epochs: 2, seed: 5}\n", List.of(), "t.yaml");
        TrainingResult alone = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);

        Thread warm = new Thread(BackendWarmup::warmUp);
        warm.start();
        TrainingResult alongside = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);
        warm.join();

        io.softmax4j.testing.BitIdentical.assertBitIdentical(alone.network().parameters(), alongside.network().parameters(),
                "bit-identical weights");
        assertEquals(alone.history().get(1).loss(), alongside.history().get(1).loss());
    }
}
