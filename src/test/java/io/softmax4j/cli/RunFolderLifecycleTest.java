package io.softmax4j.cli;

import io.softmax4j.run.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.softmax4j.cli.HostileInputTest.assertRefused;
import static io.softmax4j.cli.HostileInputTest.run;
import static io.softmax4j.cli.HostileInputTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run folder through the real command line: a folder written by an earlier version (no
 * marker) is adopted when it holds only softmax4j's files, and a run that fails before writing
 * anything leaves no folder of its own making behind.
 */
class RunFolderLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void aRunFolderOfAnEarlierVersionIsAdoptedWithOneStatusLine() throws IOException {
        Path cfg = config(goodCsv(), dir.resolve("m.zip"));
        TrainCommandTest.Run first = run("train", "--config", cfg.toString(), "--set", "output.pictures=true");
        assertEquals(0, first.code(), first.err());
        RunLayout layout = new RunLayout(dir.resolve("m.zip"));
        assertTrue(Files.exists(layout.report()));
        Files.delete(layout.marker()); // as an earlier version left it

        TrainCommandTest.Run again = run("train", "--config", cfg.toString(), "--set", "output.pictures=true");
        assertEquals(0, again.code(), again.err());
        assertEquals(1, again.out().lines().filter(l -> l.startsWith("adopted " + layout.runDir())).count(), again.out());
        assertTrue(layout.isMarked());
    }

    @Test
    void anUnmarkedFolderHoldingAUserFileIsStillRefusedAndUntouched() throws IOException {
        Path cfg = config(goodCsv(), dir.resolve("m.zip"));
        assertEquals(0, run("train", "--config", cfg.toString(), "--set", "output.pictures=true").code());
        RunLayout layout = new RunLayout(dir.resolve("m.zip"));
        Files.delete(layout.marker());
        Files.writeString(layout.runDir().resolve("notes.txt"), "mine");
        Map<String, String> before = snapshot(dir);
        assertRefused(run("train", "--config", cfg.toString()), 2, "the run folder " + layout.runDir()
                + " of output.model " + layout.model() + " exists and is not a softmax4j run");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aRunFailingOnItsDataLeavesNoFolderItCreated() throws IOException {
        Path cfg = config(oneClassCsv(), dir.resolve("models/sub/m.zip"));
        Map<String, String> before = snapshot(dir);
        TrainCommandTest.Run r = run("train", "--config", cfg.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(before, snapshot(dir), "models/, models/sub/ and the run folder were created by the run and removed");
    }

    @Test
    void aFolderThatExistedBeforeIsKeptOnlyTheMarkerGoes() throws IOException {
        Path runDir = Files.createDirectories(dir.resolve("models/m"));
        Path cfg = config(oneClassCsv(), dir.resolve("models/m.zip"));
        Map<String, String> before = snapshot(dir);
        assertEquals(2, run("train", "--config", cfg.toString()).code());
        assertEquals(before, snapshot(dir));
        assertTrue(Files.isDirectory(runDir));
    }

    @Test
    void aFailedRunKeepsTheRunFolderOfAnEarlierRun() throws IOException {
        RunLayout layout = new RunLayout(dir.resolve("m.zip"));
        assertEquals(0, run("train", "--config", config(goodCsv(), layout.model()).toString()).code());
        assertTrue(layout.isMarked());
        Path bad = config(oneClassCsv(), layout.model());
        Map<String, String> before = snapshot(dir);
        assertEquals(2, run("train", "--config", bad.toString()).code());
        assertEquals(before.keySet(), snapshot(dir).keySet(), "the marker of the earlier run stays");
        assertEquals(before, snapshot(dir));
        assertTrue(Files.exists(dir.resolve("m/checkpoints/epoch-000001.zip")), "the earlier run's checkpoint stays");
    }

    private Path goodCsv() throws IOException {
        return Files.writeString(dir.resolve("train.csv"), "0,255,0\n1,0,255\n0,250,3\n1,2,240\n");
    }

    private Path oneClassCsv() throws IOException {
        return Files.writeString(dir.resolve("one.csv"), "0,255,0\n0,0,255\n0,250,3\n");
    }

    private Path config(Path csv, Path model) throws IOException {
        return Files.writeString(dir.resolve("csv.yaml"), "data: {dataset: csv, batchSize: 2, train: {file: \"" + csv
                + "\"}, test: {file: \"" + csv + "\"}}\ntraining: {epochs: 1}\noutput: {model: \"" + model
                + "\", pictures: false}\n");
    }
}
