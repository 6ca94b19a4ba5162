package io.softmax4j.pipeline;

import io.softmax4j.artifact.CheckpointStore;
import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.DataException;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingFailedException;
import io.softmax4j.training.TrainingListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.softmax4j.testing.BitIdentical.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline: determinism, checkpoints on disk, and resume giving bit-identical results. */
class ResumeTest {
    static final Dataset DATA = SyntheticImages.dataset(300, 80);

    @TempDir
    Path dir;
    final StringWriter log = new StringWriter();

    RunConfig config(String name, int epochs, String updater, String extra) {
        return ConfigLoader.fromYaml("data: {batchSize: 32}\ntraining: {epochs: " + epochs + ", seed: 11, updater: "
                + updater + extra + "}\noutput: {model: " + dir.resolve(name + ".zip") + "}\n", List.of(), "test.yaml");
    }

    TrainPipeline.Options options(StopSignal stop, TrainingListener listener, Dataset data) {
        return new TrainPipeline.Options(listener, new PrintWriter(log, true), stop, (c, s) -> () -> data);
    }

    TrainPipeline.Options options() {
        return options(StopSignal.never(), TrainingListener.Defaults.none(), DATA);
    }

    static MultiLayerNetwork load(Path zip) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
    }

    static List<EpochMetrics> withoutTimes(List<EpochMetrics> history) {
        return history.stream().map(m -> new EpochMetrics(m.epoch(), m.loss(), m.trainAccuracy(), m.testAccuracy(), 0,
                m.validationAccuracy(), m.testLoss(), m.validationLoss())).toList();
    }

    @Test
    void theSamePipelineRunTwiceGivesBitIdenticalWeightsAndMetrics() throws IOException {
        String adam = "{type: adam, learningRate: 0.01}";
        var a = TrainPipeline.run(config("a", 3, adam, ""), options());
        var b = TrainPipeline.run(config("b", 3, adam, ""), options());
        assertBitIdentical(load(a.modelPath()).params(), load(b.modelPath()).params(), "bit-identical weights");
        assertEquals(withoutTimes(a.result().history()), withoutTimes(b.result().history()));
    }

    @Test
    void extendingAFinishedRunEqualsTrainingLongerFromTheStart() throws IOException {
        for (String updater : List.of("{type: sgd, learningRate: 0.3}", "{type: adam, learningRate: 0.01}",
                "{type: nesterovs, learningRate: 0.05}")) {
            var full = TrainPipeline.run(config("full", 4, updater, ""), options());
            TrainPipeline.run(config("short", 2, updater, ""), options());
            var resumed = TrainPipeline.resume(dir.resolve("short"), List.of("training.epochs=4"), options());

            assertBitIdentical(load(full.modelPath()).params(), load(resumed.modelPath()).params(), updater);
            assertEquals(withoutTimes(full.result().history()), withoutTimes(resumed.result().history()), updater);
            assertEquals(dir.resolve("short.zip"), resumed.modelPath());
        }
    }

    @Test
    void aStoppedRunResumesFromItsLastCheckpointToTheSameResult() throws IOException {
        String sgd = "{type: sgd, learningRate: 0.3}";
        var full = TrainPipeline.run(config("full", 4, sgd, ""), options());
        StopSignal stop = new StopSignal();
        TrainingListener stopInEpoch3 = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                if (epoch == 3 && batch == 5) {
                    stop.request("interrupted");
                }
            }
        };
        TrainingFailedException e = assertThrows(TrainingFailedException.class,
                () -> TrainPipeline.run(config("cut", 4, sgd, ""), options(stop, stopInEpoch3, DATA)));
        assertTrue(e.getMessage().contains(dir.resolve("cut.zip") + " was not written. The last complete checkpoint is "
                + dir.resolve("cut/checkpoints/epoch-000002.zip") + "; continue with: softmax4j train --resume "
                + dir.resolve("cut")), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cut.zip")));

        var resumed = TrainPipeline.resume(dir.resolve("cut"), List.of(), options());
        assertBitIdentical(load(full.modelPath()).params(), load(resumed.modelPath()).params(), "bit-identical weights");
        assertEquals(withoutTimes(full.result().history()), withoutTimes(resumed.result().history()));
        assertTrue(log.toString().contains("resuming " + dir.resolve("cut") + " after epoch 2 of 4"), log.toString());
    }

    @Test
    void aCheckpointSavedBeforeHeldOutLossesWereRecordedStillResumes() throws IOException {
        String sgd = "{type: sgd, learningRate: 0.3}";
        var full = TrainPipeline.run(withValidation("full", 3, sgd), options());
        assertTrue(full.result().history().stream().allMatch(m -> m.hasTestLoss() && m.hasValidationLoss()),
                full.result().history().toString());
        TrainPipeline.run(withValidation("old", 2, sgd), options());
        Path checkpoint = dir.resolve("old/checkpoints/epoch-000002.zip");
        String state = stripHeldOutLosses(checkpoint);
        assertTrue(state.contains("\"validationAccuracy\"") && !state.contains("Loss\""), state);
        assertTrue(CheckpointStore.read(checkpoint).state().history().stream().noneMatch(EpochMetrics::hasTestLoss));

        var resumed = TrainPipeline.resume(dir.resolve("old"), List.of("training.epochs=3"), options());
        assertBitIdentical(load(full.modelPath()).params(), load(resumed.modelPath()).params(), "bit-identical weights");
        List<EpochMetrics> h = resumed.result().history();
        assertEquals(3, h.size());
        assertFalse(h.get(0).hasTestLoss() || h.get(1).hasTestLoss() || h.get(1).hasValidationLoss(), h.toString());
        assertEquals(full.result().history().get(2).testLoss(), h.get(2).testLoss(), 0.0, "epoch 3 measured as before");
        assertEquals(full.result().history().get(2).validationLoss(), h.get(2).validationLoss(), 0.0);
        List<String> csv = Files.readAllLines(dir.resolve("old/metrics.csv"));
        assertTrue(csv.get(1).endsWith(",,"), "old epochs have empty loss columns: " + csv);
        assertFalse(csv.get(3).endsWith(","), csv.toString());
    }

    private RunConfig withValidation(String name, int epochs, String updater) {
        return ConfigLoader.fromYaml("data: {batchSize: 32, validation: 0.2}\ntraining: {epochs: " + epochs
                + ", seed: 11, updater: " + updater + ", checkpoints: {every: 1}}\noutput: {model: "
                + dir.resolve(name + ".zip") + "}\n", List.of(), "test.yaml");
    }

    /** Rewrites a checkpoint's state entry as softmax4j wrote it before test/validation losses: without them. */
    private static String stripHeldOutLosses(Path zip) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(entries.get(CheckpointStore.STATE_ENTRY));
        state.withArray("history").forEach(m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m)
                .remove(List.of("testLoss", "validationLoss")));
        String text = json.writeValueAsString(state);
        entries.put(CheckpointStore.STATE_ENTRY, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return text;
    }

    @Test
    void checkpointsKeepTheNewestKAndANewRunClearsAnEarlierRunsCheckpoints() throws IOException {
        TrainPipeline.run(config("k", 5, "{type: sgd}", ", checkpoints: {every: 1, keep: 2}"), options());
        CheckpointStore store = CheckpointStore.inRunFolder(dir.resolve("k"));
        assertEquals(List.of("epoch-000004.zip", "epoch-000005.zip"),
                store.files().stream().map(p -> p.getFileName().toString()).toList());
        CheckpointStore.Checkpoint last = CheckpointStore.read(store.files().get(1));
        assertEquals(5, last.state().epoch());
        assertEquals(5, last.state().history().size());
        assertTrue(last.configYaml().contains("keep: 2"), last.configYaml());
        assertBitIdentical(load(dir.resolve("k.zip")).params().toFloatVector(), last.network().parameters(), "the last checkpoint is the final model");
        try (var names = Files.list(store.dir())) {
            assertEquals(2, names.count(), "no temp files left behind");
        }

        TrainPipeline.run(config("k", 1, "{type: sgd}", ""), options());
        assertEquals(List.of("epoch-000001.zip"), store.files().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(log.toString().contains("removed 2 checkpoint(s) of an earlier run"), log.toString());
    }

    @Test
    void resumingAnEarlyStoppedRunTrainsNoFurther() throws IOException {
        var stopped = TrainPipeline.run(config("es", 40, "{type: sgd, learningRate: 0.5}", ", earlyStopping: {patience: 1}"), options());
        assertTrue(stopped.result().last().epoch() < 40, stopped.result().history().toString());
        assertTrue(log.toString().contains("early stopping picks the epoch by validation accuracy on "), log.toString());
        assertTrue(stopped.result().stopNote().contains("validation accuracy"), stopped.result().stopNote());
        var again = TrainPipeline.resume(dir.resolve("es"), List.of(), options());
        assertEquals(stopped.result().last().epoch(), again.result().last().epoch());
        assertEquals(stopped.result().modelEpoch(), again.result().modelEpoch());
        assertBitIdentical(load(stopped.modelPath()).params(), load(again.modelPath()).params(), "bit-identical weights");
    }

    @Test
    void resumeRefusesKeysThatWouldChangeTheComputation() throws IOException {
        TrainPipeline.run(config("r", 1, "{type: sgd}", ""), options());
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainPipeline.resume(dir.resolve("r"), List.of("training.updater.learningRate=1"), options()));
        assertEquals("training.updater.learningRate", e.key());
        assertTrue(e.getMessage().contains("cannot be changed when resuming"), e.getMessage());
    }

    @Test
    void resumeWithoutCheckpointsSaysWhatToGive() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainPipeline.resume(dir.resolve("nothing"), List.of(), options()));
        assertTrue(e.getMessage().contains("no checkpoint in " + dir.resolve("nothing/checkpoints")), e.getMessage());
    }

    @Test
    void resumeRefusesDataThatChanged() throws IOException {
        Dataset original = new Dataset("x", DATA.train(), DATA.test(), Map.of("train", 1L));
        Dataset changed = new Dataset("x", DATA.train(), DATA.test(), Map.of("train", 2L));
        TrainPipeline.run(config("d", 1, "{type: sgd}", ""), options(StopSignal.never(), TrainingListener.Defaults.none(), original));
        DataException e = assertThrows(DataException.class, () -> TrainPipeline.resume(dir.resolve("d"),
                List.of("training.epochs=2"), options(StopSignal.never(), TrainingListener.Defaults.none(), changed)));
        assertTrue(e.getMessage().contains("the data changed since"), e.getMessage());
    }

    @Test
    void aDamagedNewestCheckpointIsReportedAndTheOneBeforeItIsUsed() throws IOException {
        String sgd = "{type: sgd, learningRate: 0.3}";
        var full = TrainPipeline.run(config("full", 3, sgd, ""), options());
        Files.writeString(dir.resolve("full/checkpoints/epoch-000003.zip"), "not a zip any more");

        var resumed = TrainPipeline.resume(dir.resolve("full"), List.of(), options());
        assertTrue(log.toString().contains("warning: skipping unreadable checkpoint " + dir.resolve("full/checkpoints/epoch-000003.zip")),
                log.toString());
        assertTrue(log.toString().contains("after epoch 2 of 3"), log.toString());
        assertBitIdentical(full.result().network().parameters(), resumed.result().network().parameters(), "epoch 3 trained again, identically");
        assertEquals(withoutTimes(full.result().history()), withoutTimes(resumed.result().history()));
    }
}
