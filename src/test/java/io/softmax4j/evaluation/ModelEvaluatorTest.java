package io.softmax4j.evaluation;

import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelEvaluatorTest {
    @Test
    void thePredictionsOfTheOnePassAgreeWithItsReport() {
        TrainingResult trained = TestModels.trainSynthetic();
        Dataset data = SyntheticImages.dataset(100, 20);
        ModelEvaluator.Scored scored = ModelEvaluator.evaluateAndPredict(trained.network(), data.test());
        Predictions p = scored.predictions();
        int k = data.test().classes();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < p.count(); i++) {
            confusion[p.actual(i)][p.predicted()[i]]++;
            correct += p.correct(i) ? 1 : 0;
        }
        assertEquals(data.test().count(), p.count());
        assertEquals((double) correct / p.count(), scored.report().accuracy(), 1e-12);
        for (int a = 0; a < k; a++) {
            assertArrayEquals(scored.report().confusion()[a], confusion[a], "row " + a);
        }
        assertEquals(scored.report().accuracy(), ModelEvaluator.evaluate(trained.network(), data.test()).accuracy());
    }
}
