package io.softmax4j.cli;

import io.softmax4j.artifact.CheckpointStore;
import io.softmax4j.metrics.EpochMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.softmax4j.testing.BitIdentical.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Process faults with real processes: a run killed with {@code kill -9} inside an epoch, and a run
 * sent SIGINT (Ctrl-C), each resumed with {@code train --resume}, end with exactly the weights
 * and per-epoch metrics of a run that was never interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessFaultTest {
    static final int EPOCHS = 5;
    static final long PAUSE_MILLIS = 10;

    @TempDir
    static Path dir;
    MultiLayerNetwork reference;
    List<EpochMetrics> referenceHistory;

    /** A child JVM running the real CLI on synthetic data, its output collected line by line. */
    static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuffer all = new StringBuffer();

        Child(String... cliArgs) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SyntheticTrainMain.class.getName(),
                    Long.toString(PAUSE_MILLIS)));
            cmd.addAll(List.of(cliArgs));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        all.append(line).append('\n');
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String wanted) throws InterruptedException {
            while (true) {
                String line = lines.poll(120, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("no line '" + wanted + "' within 120 s; output so far:\n" + all);
                }
                if (line.equals(wanted)) {
                    return;
                }
            }
        }

        /** Waits for a line starting with {@code prefix}. */
        void awaitLineStarting(String prefix) throws InterruptedException {
            while (true) {
                String line = lines.poll(120, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("no line '" + prefix + "...' within 120 s; output so far:\n" + all);
                }
                if (line.startsWith(prefix)) {
                    return;
                }
            }
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child did not finish:\n" + all);
            return process.exitValue();
        }
    }

    Path config(String name) throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "data: {batchSize: 24}\n"
                + "training: {epochs: " + EPOCHS + ", seed: 7, updater: {type: nesterovs, learningRate: 0.05}}\n"
                + "output: {model: " + dir.resolve(name + ".zip") + "}\n");
        return cfg;
    }

    @BeforeAll
    void uninterruptedReference() throws Exception {
        Child child = new Child("train", "--config", config("reference").toString());
        assertEquals(0, child.awaitExit(), child.all.toString());
        reference = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("reference.zip").toFile(), false);
        referenceHistory = lastCheckpointHistory(dir.resolve("reference"));
        assertEquals(EPOCHS, referenceHistory.size());
    }

    @Test
    void killedWithSigkillInsideAnEpochAndResumedEndsBitIdentical() throws Exception {
        Child child = new Child("train", "--config", config("killed").toString());
        child.awaitLine("MID-EPOCH 3");
        child.process.destroyForcibly();
        child.awaitExit();
        assertFalse(Files.exists(dir.resolve("killed.zip")), "no final model from a killed run");
        // Killed halfway through epoch 3 (on a very busy machine the kill may land a little later).
        int saved = lastCheckpointHistory(dir.resolve("killed")).size();
        assertTrue(saved >= 2 && saved < EPOCHS, "complete epochs checkpointed, the interrupted one lost: " + saved);

        Child resumed = new Child("train", "--resume", dir.resolve("killed").toString());
        assertEquals(0, resumed.awaitExit(), resumed.all.toString());
        assertTrue(resumed.all.toString().contains("resuming " + dir.resolve("killed") + " after epoch " + saved + " of 5"),
                resumed.all.toString());
        assertSameAsReference("killed");
    }

    @Test
    void ctrlCStopsCleanlyKeepsThePreviousModelAndSaysHowToResume() throws Exception {
        io.softmax4j.testing.Signals.assumeSigintIsDelivered();
        Path model = dir.resolve("interrupted.zip");
        Files.writeString(model, "the previous good model");
        Child child = new Child("train", "--config", config("interrupted").toString());
        child.awaitLine("MID-EPOCH 2");
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.process.pid())).start();
        assertEquals(0, kill.waitFor());
        int code = child.awaitExit();

        String out = child.all.toString();
        assertEquals(ExitCodes.EXIT_TRAINING_FAILED, code, out);
        // Sent halfway through epoch 2 (on a very busy machine it may land a little later).
        Matcher m = Pattern.compile("error: training interrupted (?:in|before) epoch (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        int epoch = Integer.parseInt(m.group(1));
        assertTrue(out.contains("continue with: softmax4j train --resume " + dir.resolve("interrupted")), out);
        assertEquals("the previous good model", Files.readString(model), "the partly trained model was not written");
        assertEquals(epoch - 1, lastCheckpointHistory(dir.resolve("interrupted")).size(),
                "the checkpoints of the complete epochs are intact");

        Child resumed = new Child("train", "--resume", dir.resolve("interrupted").toString());
        assertEquals(0, resumed.awaitExit(), resumed.all.toString());
        assertSameAsReference("interrupted");
    }

    /**
     * Ctrl-C after the last epoch (while the final model is evaluated and saved, or while the
     * pictures are written) ends as interrupted (exit 3) or as a finished run (exit 0), and the
     * saved model is reported either way: never "Shutdown in progress" and exit 4.
     */
    @Test
    void ctrlCAfterTheLastEpochReportsTheSavedModelAndExitsThreeOrFinishes() throws Exception {
        io.softmax4j.testing.Signals.assumeSigintIsDelivered();
        for (String moment : List.of("evaluating the final model", "writing pictures to ")) {
            String name = moment.startsWith("writing") ? "late-pictures" : "late-save";
            Child child = new Child("train", "--config", config(name).toString());
            child.awaitLineStarting(moment);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.process.pid())).start();
            assertEquals(0, kill.waitFor());
            int code = child.awaitExit();
            String out = child.all.toString();
            assertTrue(code == ExitCodes.EXIT_TRAINING_FAILED || code == ExitCodes.EXIT_OK, "exit " + code + ":\n" + out);
            assertFalse(out.contains("Shutdown in progress"), out);
            assertTrue(out.contains("model saved to " + dir.resolve(name + ".zip")), out);
            assertTrue(Files.isRegularFile(dir.resolve(name + ".zip")));
            if (code == ExitCodes.EXIT_TRAINING_FAILED) {
                assertTrue(out.contains("error: pictures not written: training interrupted after the model was saved"), out);
            } else {
                assertTrue(out.contains("pictures written to "), out);
            }
        }
    }

    private void assertSameAsReference(String name) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(name + ".zip").toFile(), false);
        assertBitIdentical(reference.params(), net.params(), "bit-identical weights");
        assertEquals(withoutTimes(referenceHistory), withoutTimes(lastCheckpointHistory(dir.resolve(name))),
                "identical per-epoch metrics");
    }

    static List<EpochMetrics> lastCheckpointHistory(Path runDir) throws IOException {
        CheckpointStore store = CheckpointStore.inRunFolder(runDir);
        return store.latest(w -> {
            throw new AssertionError(w);
        }).orElseThrow().state().history();
    }

    /** Epoch times differ between runs; everything else must not. */
    static List<EpochMetrics> withoutTimes(List<EpochMetrics> history) {
        return history.stream().map(m -> new EpochMetrics(m.epoch(), m.loss(), m.trainAccuracy(), m.testAccuracy(), 0, m.validationAccuracy()))
                .toList();
    }
}
