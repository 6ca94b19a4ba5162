package io.softmax4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep killed with {@code kill -9} part-way (a real child JVM) and finished with
 * {@code sweep --resume} gives the same results table as the same sweep never interrupted,
 * pruning decisions included; and the same sweep run one trial at a time or three side by side
 * gives that table too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepProcessFaultTest {
    @TempDir
    static Path dir;
    List<String> expected;
    final java.util.Map<Process, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();

    Path log(Process p) {
        return logs.get(p);
    }

    @BeforeAll
    void uninterruptedReference() throws Exception {
        Process reference = start(0, sweep("reference"));
        assertTrue(reference.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, reference.exitValue());
        expected = table("reference");
        assertTrue(expected.stream().anyMatch(l -> l.contains(",pruned,")), "the sweep prunes: " + expected);
    }

    /** Starts the sweep {@code name}, slowed down, and waits until at least two trials have ended. */
    Process startAndWaitForTwoTrials(String name) throws Exception {
        Process p = start(15, sweep(name));
        Path csv = dir.resolve("models/sweeps/" + name + "/results.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!(Files.exists(csv) && Files.readAllLines(csv).size() >= 3) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return p;
    }

    void resumeAndCompare(String name) throws Exception {
        Process resumed = start(0, "sweep", "--resume", dir.resolve("models/sweeps/" + name).toString());
        assertTrue(resumed.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue());
        assertEquals(expected, table(name));
        assertTrue(Files.isRegularFile(dir.resolve("models/sweeps/" + name + "/best.zip")));
    }

    Process start(long pauseMillis, String... cliArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SyntheticSweepMain.class.getName(), Long.toString(pauseMillis)));
        cmd.addAll(List.of(cliArgs));
        Path log = dir.resolve("child-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        logs.put(p, log);
        return p;
    }

    String[] sweep(String name) throws IOException {
        return sweep(name, 2);
    }

    String[] sweep(String name, int parallel) throws IOException {
        Path cfg = dir.resolve("base.yaml");
        Files.writeString(cfg, "data: {batchSize: 24}\ntraining: {epochs: 3, seed: 7}\noutput: {model: " + dir.resolve("models/base.zip")
                + ", pictures: false}\n");
        Path sweepFile = dir.resolve("s.yaml");
        Files.writeString(sweepFile, "grid:\n  training.updater.learningRate: [0.5, 0.000001, 0.3, 0.000002, 0.1, 0.05]\n"
                + "pruner: {reductionFactor: 2, minTrials: 3}\n");
        return new String[]{"sweep", "--config", cfg.toString(), "--sweep", sweepFile.toString(), "--name", name, "--parallel",
                Integer.toString(parallel)};
    }

    /** results.csv without the time columns (seconds, train_seconds), which differ between runs. */
    List<String> table(String name) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("models/sweeps/" + name + "/results.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int seconds = header.indexOf("seconds");
        int trainSeconds = header.indexOf("train_seconds");
        assertTrue(seconds >= 0 && trainSeconds >= 0, "time columns in " + header);
        return lines.stream().map(line -> {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            cells.remove(Math.max(seconds, trainSeconds));
            cells.remove(Math.min(seconds, trainSeconds));
            return String.join(",", cells);
        }).toList();
    }

    @Test
    void aSweepKilledMidwayAndResumedGivesTheSameTableAsAnUninterruptedOne() throws Exception {
        Process killed = startAndWaitForTwoTrials("killed");
        killed.destroyForcibly();
        killed.waitFor(30, TimeUnit.SECONDS);
        int ended = Files.readAllLines(dir.resolve("models/sweeps/killed/results.csv")).size() - 1;
        assertTrue(ended >= 2 && ended < 6, "killed with trials still to run: " + ended + " ended");
        resumeAndCompare("killed");
    }

    @Test
    void ctrlCStopsTheTrialsInFlightSaysHowToContinueAndResumeFinishes() throws Exception {
        io.softmax4j.testing.Signals.assumeSigintIsDelivered();
        Process interrupted = startAndWaitForTwoTrials("interrupted");
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(interrupted.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(interrupted.waitFor(120, TimeUnit.SECONDS));
        String out = Files.readString(log(interrupted));
        assertEquals(ExitCodes.EXIT_TRAINING_FAILED, interrupted.exitValue(), out);
        assertTrue(out.contains("error: sweep interrupted: ") && out.contains("continue with: softmax4j sweep --resume "
                + dir.resolve("models/sweeps/interrupted")), out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("error:")).count(), "one error line:\n" + out);
        resumeAndCompare("interrupted");
    }

    /**
     * A sweep whose low-numbered trials are slow (batch size 6: many paused batches per epoch) and
     * whose later trials are fast (batch size 270), so with several trials side by side a later trial
     * reaches a rung before the trials numbered before it: the pruner must wait for them.
     */
    String[] unevenSweep(String name, int parallel) throws IOException {
        Path cfg = dir.resolve("uneven.yaml");
        Files.writeString(cfg, "training: {epochs: 4, seed: 7}\noutput: {model: " + dir.resolve("models/uneven.zip")
                + ", pictures: false}\n");
        Path sweepFile = dir.resolve("uneven-sweep.yaml");
        Files.writeString(sweepFile, "grid:\n  data.batchSize: [6, 270]\n"
                + "  training.updater.learningRate: [0.5, 0.000001, 0.3, 0.05]\n"
                + "pruner: {reductionFactor: 2, minTrials: 2}\n");
        return new String[]{"sweep", "--config", cfg.toString(), "--sweep", sweepFile.toString(), "--name", name,
                "--parallel", Integer.toString(parallel)};
    }

    @Test
    void theTableIsTheSameForAnyParallel() throws Exception {
        List<String> reference = null;
        for (int parallel : new int[]{1, 3, 2}) {
            String name = "parallel-" + parallel;
            Process p = start(2, unevenSweep(name, parallel));
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(log(p)));
            assertTrue(Files.readString(log(p)).contains(parallel + " side by side"), Files.readString(log(p)));
            if (reference == null) {
                reference = table(name); // one at a time: every earlier trial has ended before the next starts
                assertTrue(reference.stream().anyMatch(l -> l.contains(",pruned,")), "the sweep prunes: " + reference);
            } else {
                assertEquals(reference, table(name), "--parallel " + parallel + " against --parallel 1");
            }
        }
    }
}
