package io.softmax4j.evaluation;

import io.softmax4j.data.LabeledImages;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ModelEvaluator} computes its figures itself, from the predictions; they must be DL4J
 * {@code Evaluation}'s, including its edge cases (a class never predicted, never present).
 */
class Dl4jEvaluationParityTest {
    @Test
    void figuresAreDl4jEvaluationsOnRandomAndDegeneratePredictions() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            int k = 2 + rng.nextInt(9);
            int n = 1 + rng.nextInt(300);
            int[] actual = new int[n];
            int[] predicted = new int[n];
            // some trials leave classes out of the labels or the predictions entirely
            int labelRange = trial % 4 == 0 ? Math.max(1, k / 2) : k;
            int predictRange = trial % 5 == 0 ? 1 : k;
            for (int i = 0; i < n; i++) {
                actual[i] = rng.nextInt(labelRange);
                predicted[i] = rng.nextBoolean() ? actual[i] % predictRange : rng.nextInt(predictRange);
            }
            assertSameFigures(k, actual, predicted, "trial " + trial);
        }
    }

    private static void assertSameFigures(int k, int[] actual, int[] predicted, String what) {
        List<String> names = java.util.stream.IntStream.range(0, k).mapToObj(String::valueOf).toList();
        byte[] labels = new byte[actual.length];
        for (int i = 0; i < actual.length; i++) {
            labels[i] = (byte) actual[i];
        }
        LabeledImages set = new LabeledImages(new byte[actual.length], labels, 1, 1, names);
        EvaluationReport ours = ModelEvaluator.report(set, actual, predicted, 0.0);

        Evaluation eval = new Evaluation(names, 1);
        float[][] oneHot = new float[actual.length][k];
        float[][] out = new float[actual.length][k];
        for (int i = 0; i < actual.length; i++) {
            oneHot[i][actual[i]] = 1f;
            out[i][predicted[i]] = 0.9f;
            out[i][(predicted[i] + 1) % k] = 0.1f;
        }
        eval.eval(Nd4j.create(oneHot).castTo(DataType.FLOAT), Nd4j.create(out));

        assertEquals(eval.accuracy(), ours.accuracy(), 0.0, what + ": accuracy");
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                assertEquals(eval.getConfusion().getCount(a, p), ours.confusion()[a][p], what + ": confusion " + a + "," + p);
            }
            assertEquals(eval.precision(a), ours.precision()[a], 0.0, what + ": precision of " + a);
            assertEquals(eval.recall(a), ours.recall()[a], 0.0, what + ": recall of " + a);
            assertEquals(eval.f1(a), ours.f1()[a], 0.0, what + ": F1 of " + a);
        }
    }
}
