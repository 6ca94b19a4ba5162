package io.softmax4j.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.softmax4j.artifact.ModelArtifactWriter;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.serving.Classifier;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model file replaced while requests run: nothing fails, the new version is served, a bad file is refused. */
class ModelReloadTest {
    @TempDir
    Path dir;

    @Test
    void replacedModelIsServedWithoutARestartAndBadReplacementsAreRefused() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path zip = models.resolve("digits.zip");
        Dataset data = SyntheticImages.dataset(100, 20);
        TrainingResult result = TestModels.trainSynthetic();
        ModelManifest manifest = TestModels.manifest(RunConfig.defaults(), data, result);
        ModelArtifactWriter.save(result.network(), zip, manifest);
        String v1 = Classifier.load(zip).manifest().parametersSha256();
        // version 2: other weights, saved the way train saves (temp file + atomic rename) over the served file
        Path staged = dir.resolve("v2.zip");
        float[] halved = result.network().parameters();
        for (int i = 0; i < halved.length; i++) {
            halved[i] *= 0.5f;
        }
        result.network().setParameters(halved);
        ModelArtifactWriter.save(result.network(), staged, manifest);
        String v2 = Classifier.load(staged).manifest().parametersSha256();
        assertNotEquals(v1, v2);

        List<String> log = new CopyOnWriteArrayList<>();
        try (PredictionServer server = PredictionServer.start(
                ServeSettings.local(models, 0).withPollInterval(Duration.ofMillis(100)), log::add)) {
            HttpTestClient client = new HttpTestClient(server.port());
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> versions = new ConcurrentLinkedQueue<>();
            int[] swapped = {0};
            ExecutorService load = Executors.newFixedThreadPool(3);
            for (int t = 0; t < 3; t++) {
                load.submit(() -> {
                    while (running.get()) {
                        HttpTestClient.Answer a = client.post("/v1/models/digits/predict", "application/octet-stream",
                                new byte[784 * 4]);
                        if (a.status() != 200) {
                            failures.add(a.toString());
                        } else {
                            versions.add(a.json().get("version").asText());
                        }
                    }
                    return null;
                });
            }
            waitFor(() -> versions.size() >= 10);
            ModelArtifactWriter.save(result.network(), zip, manifest); // atomic replacement, as train does
            waitForVersion(client, v2);
            swapped[0] = versions.size();
            int before = swapped[0];
            waitFor(() -> versions.size() >= before + 10);

            // a corrupt replacement (renamed in whole) and a half-written file: refused, v2 keeps serving
            Path corrupt = dir.resolve("corrupt.zip");
            byte[] good = Files.readAllBytes(zip);
            Files.write(corrupt, java.util.Arrays.copyOf(good, good.length / 2));
            Files.move(corrupt, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            waitFor(() -> server.models().reloadFailures() >= 1);
            int after = versions.size();
            waitFor(() -> versions.size() >= after + 10);
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));

            assertTrue(failures.isEmpty(), "requests failed during the swaps: " + failures);
            assertTrue(versions.contains(v1) && versions.contains(v2), "both versions served");
            List<String> order = List.copyOf(versions);
            // once v2 is listed, requests started later get v2 (the 3 then in flight may still finish on v1)
            assertTrue(order.subList(swapped[0] + 3, order.size()).stream().allMatch(v2::equals),
                    "after the swap only the new version (also after the corrupt file)");
            assertEquals(v2, client.get("/v1/models/digits").json().get("version").asText());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("reloaded model digits") && l.contains(v2)), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("refused " + zip) && l.contains("truncated")
                    && l.endsWith("still serving version " + v2)), log.toString());
            String metrics = client.get("/metrics").body();
            assertTrue(metrics.contains("softmax4j_model_refused_total 1.0"), metrics);
            assertTrue(metrics.contains("softmax4j_model_reloads_total 1.0"), metrics);

            // a good file again is picked up; a deleted file stops being served
            ModelArtifactWriter.save(result.network(), zip, manifest);
            waitFor(() -> server.models().reloads() >= 2);
            assertEquals(200, client.post("/v1/models/digits/predict", "application/octet-stream", new byte[784]).status());
            Files.delete(zip);
            waitFor(() -> server.models().size() == 0);
            assertEquals(404, client.post("/v1/models/digits/predict", "application/octet-stream", new byte[784]).status());
            assertEquals(503, client.get("/health/ready").status());
        }
    }

    private static void waitForVersion(HttpTestClient client, String version) throws InterruptedException {
        waitFor(() -> {
            JsonNode m = client.get("/v1/models/digits").json();
            return version.equals(m.path("version").asText());
        });
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(50);
        }
    }
}
