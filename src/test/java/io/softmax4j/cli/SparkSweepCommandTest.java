package io.softmax4j.cli;

import io.softmax4j.data.Dataset;
import io.softmax4j.data.ValidationSplit;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.SweepConfigLoader;
import io.softmax4j.spark.SparkSweepJob;
import io.softmax4j.sweep.SweepPlan;
import io.softmax4j.sweep.SweepPlanner;
import io.softmax4j.sweep.SweepRunner;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingFailedException;
import io.softmax4j.training.TrainingListener;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sweep --spark local[2]}: the same results as a local sweep of the same grid and seed. */
class SparkSweepCommandTest {
    @TempDir
    Path dir;
    static SparkSession spark;

    /** Successful dataset loads, wherever they ran (local[2] executors share this JVM). */
    static final AtomicInteger LOADS = new AtomicInteger();

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("test")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** Small synthetic data, made where it is loaded; a 0.3 hold-out fails, so those trials fail. */
    static SweepRunner.Sources sources() {
        return (config, status) -> () -> {
            if (config.validation() == 0.3) {
                throw new IllegalStateException("synthetic failure: no data for a 0.3 hold-out");
            }
            Dataset data = new Dataset("synthetic", SparkTrainCommandTest.noisy(600, 1), SparkTrainCommandTest.noisy(100, 2),
                    Map.of()); // noisy labels: accuracies below 1 that differ between trials
            LOADS.incrementAndGet();
            return config.validation() > 0 ? ValidationSplit.apply(data, config.validation()) : data;
        };
    }

    record Result(int code, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof SweepCommand sweep) {
                    sweep.sources = sources();
                }
                return made;
            }
        };
        int code = Softmax4jCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true), factory).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    Path config() throws IOException {
        Path cfg = dir.resolve("base.yaml");
        Files.writeString(cfg, "data: {batchSize: 50}\ntraining: {epochs: 2, seed: 11}\n"
                + "output: {model: " + dir.resolve("models/base.zip") + "}\n");
        return cfg;
    }

    /** results.csv without the two time columns (seconds, train_seconds), by trial. */
    static Map<String, String> table(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1))
                .collect(Collectors.toMap(r -> r[0], r -> {
                    int n = r.length; // ..., model_epoch, seconds, train_seconds, reason
                    return String.join(",", List.of(r).subList(0, n - 3)) + "," + r[n - 1];
                }));
    }

    /** results.json with the times and the sweep's name blanked. */
    static String withoutTimes(Path json) throws IOException {
        return Files.readString(json).replaceFirst("\"name\" : \"[a-z]+\"", "_").replaceAll("\"(seconds|trainSeconds)\" ?: ?[0-9.eE+-]+", "\"$1\":_");
    }

    @Test
    void aSparkSweepGivesTheLocalSweepsTableAndRecordsAFailingTrial() throws IOException {
        String[] grid = {"--grid", "data.validation=0.1,0.3", "--grid", "training.updater.learningRate=0.000001,0.5"};
        Result local = run(concat(new String[]{"sweep", "--config", config().toString(), "--name", "local",
                "--parallel", "2"}, grid));
        LOADS.set(0);
        Result remote = run(concat(new String[]{"sweep", "--config", config().toString(), "--name", "remote",
                "--spark", "local[2]"}, grid));
        assertEquals(0, local.code, local.out + local.err);
        assertEquals(0, remote.code, remote.out + remote.err);
        Path l = dir.resolve("models/sweeps/local");
        Path s = dir.resolve("models/sweeps/remote");
        Map<String, String> table = table(s.resolve("results.csv"));
        assertEquals(4, table.size(), table.toString());
        assertEquals(table(l.resolve("results.csv")), table, "the same table locally and on Spark");
        assertEquals(withoutTimes(l.resolve("results.json")), withoutTimes(s.resolve("results.json")));
        long failed = table.values().stream().filter(r -> r.contains(",failed,")).count();
        assertEquals(2, failed, "the 0.3 hold-out trials failed: " + table);
        table.values().stream().filter(r -> r.contains(",failed,"))
                .forEach(r -> assertTrue(r.endsWith("synthetic failure: no data for a 0.3 hold-out"), r));
        assertEquals(2, table.values().stream().filter(r -> r.contains(",done,")).count(), table.toString());
        assertFalse(table.get("trial-001").split(",")[3].equals(table.get("trial-002").split(",")[3]),
                "the done trials differ, so the comparison means something: " + table);
        assertTrue(remote.out.contains("2 done, 0 pruned, 0 diverged, 2 failed"), remote.out);
        assertTrue(remote.out.contains("Spark tasks on local[2]"), remote.out);
        assertEquals(1, LOADS.get(), "the dataset is loaded once per executor, not per trial");
        String selected = local.out.lines().filter(x -> x.startsWith("selected trial-")).findFirst().orElseThrow();
        assertTrue(remote.out.contains(selected), remote.out);
        assertTrue(Files.isRegularFile(s.resolve("best.zip")) && Files.isRegularFile(s.resolve("report.html")));
        for (String t : table.keySet()) {
            assertTrue(Files.isRegularFile(s.resolve(t).resolve("result.json")), t);
            assertTrue(Files.isRegularFile(s.resolve(t).resolve("train.log")), t);
        }

        Result resumed = run("sweep", "--resume", s.toString(), "--spark", "local[2]");
        assertEquals(0, resumed.code, resumed.out + resumed.err);
        assertTrue(resumed.out.contains("4 of 4 trials ended earlier"), resumed.out);
        assertEquals(table, table(s.resolve("results.csv")));
    }

    @Test
    void aPrunerIsRefusedWithSparkInOneLineBeforeAnythingIsWritten() throws IOException {
        Path sweepFile = dir.resolve("prune.yaml");
        Files.writeString(sweepFile, """
                grid:
                  training.updater.learningRate: [0.5, 0.05]
                pruner: {type: successive-halving, minEpochs: 1, reductionFactor: 2, minTrials: 2}
                """);
        Result r = run("sweep", "--config", config().toString(), "--sweep", sweepFile.toString(), "--spark", "local[2]");
        assertEquals(2, r.code, r.out + r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("pruner") && r.err.contains("--spark"), r.err);
        assertFalse(Files.exists(dir.resolve("models/sweeps/prune")), "nothing written");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS) // a hang guard: an uncancelled slow trial would run far longer
    void aStoppedSparkSweepCancelsTheTrialsInFlightWhichLeaveNoResult() throws IOException {
        Path cfg = dir.resolve("slow.yaml");
        Files.writeString(cfg, "data: {batchSize: 50}\ntraining: {epochs: 200, seed: 11}\n"
                + "output: {model: " + dir.resolve("models/slow.zip") + "}\n");
        String baseYaml = ConfigLoader.toYaml(ConfigLoader.load(cfg, List.of()));
        // trial-001 (batches of 50) ends in seconds; trial-002 (batches of 1) would take minutes
        SweepPlan plan = SweepPlanner.plan(SweepConfigLoader.load(null, List.of("data.batchSize=50,1"), "stopped",
                baseYaml), baseYaml);
        StopSignal stop = new StopSignal();
        StringWriter console = new StringWriter() {
            @Override
            public void flush() { // the first trial's row stops the sweep, as Ctrl-C would
                if (toString().contains("[1/2") && !stop.requested()) {
                    stop.request("interrupted (Ctrl-C)");
                }
            }
        };
        PrintWriter out = new PrintWriter(console, true);
        Path sweepDir = dir.resolve("models/sweeps/stopped");
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> SweepRunner.start(plan, sweepDir,
                new SweepRunner.Options(1, out, stop, sources(), TrainingListener.Defaults.none(),
                        new SparkSweepJob("local[2]", out, sources()))));
        assertEquals(TrainingFailedException.Kind.INTERRUPTED, e.kind());
        assertTrue(e.getMessage().contains("1 of 2 trials ended") && e.getMessage().contains("--resume " + sweepDir),
                e.getMessage());
        assertTrue(Files.isRegularFile(sweepDir.resolve("trial-001/result.json")), console.toString());
        assertFalse(Files.exists(sweepDir.resolve("trial-002/result.json")), "the cancelled trial left no result");
        assertEquals(List.of("trial-001"), List.copyOf(table(sweepDir.resolve("results.csv")).keySet()));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
