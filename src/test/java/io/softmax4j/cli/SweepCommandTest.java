package io.softmax4j.cli;

import io.softmax4j.training.DivergenceGuard;
import io.softmax4j.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code softmax4j sweep} in-process on synthetic data: the folder it writes, faults, pruning, bad input. */
class SweepCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Path config() throws IOException {
        Path cfg = dir.resolve("base.yaml");
        Files.writeString(cfg, "data: {batchSize: 24}\ntraining: {epochs: 2, seed: 7}\n"
                + "output: {model: " + dir.resolve("models/base.zip") + "}\n");
        return cfg;
    }

    Result run(TrainingListener extra, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof SweepCommand sweep) {
                    sweep.sources = SyntheticSweepMain.sources();
                    sweep.extraListener = extra;
                }
                return made;
            }
        };
        int code = Softmax4jCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true), factory).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Map<String, String[]> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1))
                .collect(Collectors.toMap(r -> r[0], r -> r));
    }

    @Test
    void aGridSweepWritesOrdinaryRunsResultsTheSelectedModelAndAReport() throws IOException {
        Result r = run(TrainingListener.Defaults.none(), "sweep", "--config", config().toString(),
                "--grid", "training.updater.learningRate=0.01,0.5", "--parallel", "2", "--name", "lr");
        assertEquals(0, r.code, r.out + r.err);
        Path sweep = dir.resolve("models/sweeps/lr");
        Map<String, String[]> rows = rows(sweep.resolve("results.csv"));
        assertEquals(2, rows.size());
        assertEquals("done", rows.get("trial-001")[3]);
        assertEquals("done", rows.get("trial-002")[3]);
        for (String t : List.of("trial-001", "trial-002")) {
            Path trial = sweep.resolve(t);
            for (String f : List.of("model.zip", "model.yaml", "model/report.html", "model/curves.png", "train.log", "result.json")) {
                assertTrue(Files.isRegularFile(trial.resolve(f)), t + "/" + f);
            }
            assertTrue(Files.list(trial.resolve("model/checkpoints")).findAny().isPresent(), "checkpoints of " + t);
            assertTrue(Files.readString(trial.resolve("model.yaml")).contains("validation: 0.1"), "the hold-out is in the config");
        }
        String best = r.out.lines().filter(l -> l.startsWith("selected trial-")).findFirst().orElseThrow();
        String bestTrial = best.substring("selected ".length(), "selected trial-001".length());
        assertArrayEquals(Files.readAllBytes(sweep.resolve(bestTrial).resolve("model.zip")), Files.readAllBytes(sweep.resolve("best.zip")));
        double bestObjective = Double.parseDouble(rows.get(bestTrial)[2]);
        rows.values().forEach(row -> assertTrue(Double.parseDouble(row[2]) <= bestObjective, "selected the best: " + best));
        assertEquals(1, r.out.lines().filter(l -> l.contains("test accuracy")).count(), "test accuracy reported once:\n" + r.out);
        assertTrue(r.out.contains("test accuracy of the selected trial (reported once, not used for selection): "), r.out);
        String html = Files.readString(sweep.resolve("report.html"));
        assertTrue(html.contains("<table class=\"sortable\">") && html.contains("data:image/png;base64,"), "report");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script src"), "self-contained");
        String json = Files.readString(sweep.resolve("results.json"));
        assertTrue(json.contains("\"testAccuracyOfSelectedTrial\""), json);
        assertEquals(1, json.split("testAccuracy", -1).length - 1, "only the selected trial's test accuracy is in results.json");
    }

    @Test
    void aDivergingTrialIsRecordedWithItsReasonAndTheSweepGoesOn() throws IOException {
        // the trial with 3 epochs reports a NaN loss to the real divergence guard in its second epoch
        ThreadLocal<Integer> epochs = new ThreadLocal<>();
        TrainingListener nanInTrialTwo = new TrainingListener() {
            @Override
            public void onTrainingStart(int e, int batches, int examples) {
                epochs.set(e);
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                if (epochs.get() == 3 && epoch == 2) {
                    DivergenceGuard.checkLoss(Double.NaN, epoch, batch, io.softmax4j.config.RunConfig.defaults().training().updater());
                }
            }
        };
        Result r = run(nanInTrialTwo, "sweep", "--config", config().toString(), "--grid", "training.epochs=2,3,4",
                "--parallel", "2", "--name", "faults");
        assertEquals(0, r.code, r.out + r.err);
        Map<String, String[]> rows = rows(dir.resolve("models/sweeps/faults/results.csv"));
        assertEquals("done", rows.get("trial-001")[3]);
        assertEquals("diverged", rows.get("trial-002")[3]);
        String line = Files.readAllLines(dir.resolve("models/sweeps/faults/results.csv")).get(2);
        assertTrue(line.contains(",\"training diverged: the loss became NaN in epoch 2, batch "), line);
        assertEquals("1", rows.get("trial-002")[4], "one complete epoch");
        assertEquals("done", rows.get("trial-003")[3], "the sweep went on after the diverged trial");
        assertTrue(r.out.contains("trial-002: training diverged"), r.out);
        assertFalse(Files.exists(dir.resolve("models/sweeps/faults/trial-002/model.zip")), "no model from a diverged trial");
    }

    @Test
    void successiveHalvingPrunesTheWeakTrialsAtTheRungs() throws IOException {
        Path sweepFile = dir.resolve("prune.yaml");
        Files.writeString(sweepFile, """
                grid:
                  training.updater.learningRate: [0.5, 0.3, 0.000001, 0.000002]
                set: {training.epochs: 4}
                pruner: {type: successive-halving, minEpochs: 1, reductionFactor: 2, minTrials: 3}
                """);
        Result r = run(TrainingListener.Defaults.none(), "sweep", "--config", config().toString(), "--sweep",
                sweepFile.toString(), "--parallel", "2");
        assertEquals(0, r.code, r.out + r.err);
        Map<String, String[]> rows = rows(dir.resolve("models/sweeps/prune/results.csv"));
        assertEquals("done", rows.get("trial-001")[3]);
        assertEquals("done", rows.get("trial-002")[3]);
        for (String t : List.of("trial-003", "trial-004")) {
            assertEquals("pruned", rows.get(t)[3], Arrays.toString(rows.get(t)));
            assertEquals("1", rows.get(t)[4], "stopped at the first rung");
            assertTrue(rows.get(t)[8].startsWith("pruned after epoch 1: validationAccuracy"), rows.get(t)[8]);
        }
        assertTrue(r.out.contains("2 done, 2 pruned"), r.out);
        assertTrue(r.out.contains("; successive halving (reduction factor 2, first rung at epoch 1, from 3 trials at a rung)"),
                r.out);
    }

    @Test
    void aBadSweepFileStopsEverythingBeforeAnyTrialWithOneLine() throws IOException {
        Path sweepFile = dir.resolve("typo.yaml");
        Files.writeString(sweepFile, "grid:\n  training.updater.learnignRate: [0.1, 1]\n");
        Result r = run(TrainingListener.Defaults.none(), "sweep", "--config", config().toString(), "--sweep", sweepFile.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code, r.out + r.err);
        assertEquals("error: " + sweepFile + ":2: unknown key training.updater.learnignRate (did you mean "
                + "training.updater.learningRate?); allowed under training.updater: type, learningRate, momentum, beta1, "
                + "beta2, epsilon", r.err.lines().findFirst().orElse(""));
        assertEquals(1, r.err.lines().count(), r.err);
        assertFalse(Files.exists(dir.resolve("models/sweeps")), "nothing ran, nothing written");
    }

    @Test
    void anExistingSweepIsContinuedOnlyWithResume() throws IOException {
        String[] args = {"sweep", "--config", config().toString(), "--grid", "training.epochs=1", "--name", "once"};
        assertEquals(0, run(TrainingListener.Defaults.none(), args).code);
        Result again = run(TrainingListener.Defaults.none(), args);
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, again.code);
        assertTrue(again.err.contains("already holds a sweep named once; continue it with: softmax4j sweep --resume"), again.err);
        Result resumed = run(TrainingListener.Defaults.none(), "sweep", "--resume", dir.resolve("models/sweeps/once").toString());
        assertEquals(0, resumed.code, resumed.err);
        assertTrue(resumed.out.contains("1 of 1 trials ended earlier") && resumed.out.contains("(0 run now)"), resumed.out);
        Result notASweep = run(TrainingListener.Defaults.none(), "sweep", "--resume", dir.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, notASweep.code);
        assertTrue(notASweep.err.contains("not a sweep folder (no sweep.json in it)"), notASweep.err);
    }
}
