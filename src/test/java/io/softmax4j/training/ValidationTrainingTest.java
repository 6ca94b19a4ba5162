package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.ValidationSplit;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTrainingTest {

    @Test
    void epochLineShowsValidationAccuracyOnlyWhenMeasured() {
        assertEquals("epoch 1, loss 0.5000, train acc 0.800, val acc 0.810, test acc 0.820, 0.9 s",
                new EpochMetrics(1, 0.5, 0.8, 0.82, 0.91, 0.81).line());
        EpochMetrics without = new EpochMetrics(2, 0.5, 0.8, 0.82, 0.91);
        assertEquals("epoch 2, loss 0.5000, train acc 0.800, test acc 0.820, 0.9 s", without.line());
        assertFalse(without.hasValidation());
    }

    @Test
    void trainingWithAHeldOutSetReportsItsAccuracyEachEpoch() {
        RunConfig rc = ConfigLoader.fromYaml("training: {epochs: 2, updater: {type: sgd, learningRate: 0.5}}\n"
                + "data: {batchSize: 32}\n", List.of(), "x.yaml");
        Dataset data = ValidationSplit.apply(SyntheticImages.dataset(400, 100), 0.25);
        TrainingResult result = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);
        assertEquals(2, result.history().size());
        EpochMetrics last = result.last();
        assertTrue(last.hasValidation());
        assertTrue(last.validationAccuracy() > 0.9, "the bars are easy to learn: " + last);
        assertTrue(last.line().contains(", val acc "), last.line());

        TrainingResult plain = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(SyntheticImages.dataset(300, 100));
        assertNull(plain.last().validationAccuracy());
    }
}
