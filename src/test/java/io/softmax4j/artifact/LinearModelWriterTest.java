package io.softmax4j.artifact;

import io.softmax4j.config.RunConfig;
import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MLlib's layout (classes x inputs, intercepts) becomes a DL4J zip that computes softmax(W^T x + b). */
class LinearModelWriterTest {
    @Test
    void zipComputesTheSoftmaxOfTheGivenCoefficients(@TempDir Path dir) throws Exception {
        int classes = 3;
        int inputs = 4;
        Random rng = new Random(5);
        double[][] coef = new double[classes][inputs];
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) {
            b[k] = rng.nextGaussian();
            for (int i = 0; i < inputs; i++) {
                coef[k][i] = rng.nextGaussian() * 2;
            }
        }
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, "test", "test", "2026-01-01T00:00:00Z",
                ModelManifest.InputContract.grayscale(2, 2), List.of("a", "b", "c"), null,
                new ModelManifest.DatasetIdentity("synthetic", 1, 0, 1, Map.of()), 1, List.of(),
                new ModelManifest.TestMetrics(1, 0.5, 1.0), null);
        Path zip = dir.resolve("m.zip");

        LinearModelWriter.write(coef, b, RunConfig.defaults(), manifest, Map.of("name", "spark-mllib"), zip);

        LoadedModel loaded = SafeModelLoader.load(zip);
        assertEquals(List.of("a", "b", "c"), loaded.manifest().labels());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            byte[] json = z.getInputStream(z.getEntry("softmax4j/manifest.json")).readAllBytes();
            assertEquals("spark-mllib", LinearModelWriter.engine(json).get("name").asText());
        }
        float[] x = {0.1f, 0.9f, 0.4f, 0.0f};
        double[] logits = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            logits[k] = b[k];
            for (int i = 0; i < inputs; i++) {
                logits[k] += coef[k][i] * x[i];
            }
            sum += Math.exp(logits[k]);
        }
        Prediction p = Classifier.load(zip).predict(x);
        for (Prediction.ScoredLabel s : p.ranking()) {
            assertEquals(Math.exp(logits[s.index()]) / sum, s.probability(), 1e-5, "class " + s.label());
        }
        assertTrue(Files.exists(zip));
    }
}
