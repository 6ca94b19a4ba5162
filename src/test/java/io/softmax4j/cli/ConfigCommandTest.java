package io.softmax4j.cli;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.config.UpdaterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void showPrintsTheEffectiveConfigWhichLoadsBackToEqualRecords() throws IOException {
        TrainCommandTest.Run r = TrainCommandTest.run("config", "show", "--config", "config/smoke.yaml",
                "--set", "training.updater.type=nesterovs", "--set", "training.updater.momentum=0.8");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("  updater:\n    type: nesterovs\n"), r.out());
        assertTrue(r.out().contains("  l2: 0.0\n"), "defaults are filled in: " + r.out());
        Path shown = dir.resolve("shown.yaml");
        Files.writeString(shown, r.out());
        RunConfig expected = ConfigLoader.load(Path.of("config/smoke.yaml"),
                List.of("training.updater.type=nesterovs", "training.updater.momentum=0.8"));
        assertEquals(expected, ConfigLoader.load(shown, List.of()));
        UpdaterConfig.Nesterovs n = assertInstanceOf(UpdaterConfig.Nesterovs.class, expected.training().updater());
        assertEquals(0.8, n.momentum());
    }

    @Test
    void showWithoutAConfigShowsTheReferenceRecipe() {
        TrainCommandTest.Run r = TrainCommandTest.run("config", "show");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertEquals(RunConfig.defaults(), ConfigLoader.fromYaml(r.out(), List.of(), "shown"));
    }

    @Test
    void setBeatsTheFileAndTheLastSetWins() {
        TrainCommandTest.Run r = TrainCommandTest.run("config", "show", "--config", "config/mnist-softmax.yaml",
                "--set", "training.epochs=5", "--set", "data.batchSize=32", "--set", "training.epochs=7",
                "--data-dir", "/data/mnist");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        RunConfig rc = ConfigLoader.fromYaml(r.out(), List.of(), "shown");
        assertEquals(7, rc.training().epochs());
        assertEquals(32, rc.data().batchSize());
        assertEquals("/data/mnist", rc.data().dir(), "--data-dir applies after --set");
        assertEquals(0.005, rc.training().updater().learningRate(), "untouched keys keep the file's value");
        assertTrue(r.out().startsWith("# effective config of config/mnist-softmax.yaml with --set training.epochs=5"),
                r.out());
    }

    @Test
    void showFromModelPrintsTheEmbeddedConfigWithOverrides() throws IOException {
        RunConfig recorded = ConfigLoader.load(Path.of("config/smoke.yaml"), List.of("training.seed=7"));
        Path zipFile = dir.resolve("m.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            zip.putNextEntry(new ZipEntry("softmax4j/config.yaml"));
            zip.write(ConfigLoader.toYaml(recorded).getBytes(StandardCharsets.UTF_8));
        }
        TrainCommandTest.Run r = TrainCommandTest.run("config", "show", "--from-model", zipFile.toString(),
                "--set", "training.epochs=1");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().startsWith("# effective config of " + zipFile + "!softmax4j/config.yaml"), r.out());
        RunConfig shown = ConfigLoader.fromYaml(r.out(), List.of(), "shown");
        assertEquals(7L, shown.training().seed());
        assertEquals(1, shown.training().epochs());
        assertEquals(recorded.data(), shown.data());
    }

    @Test
    void checkAcceptsEveryShippedConfig() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("config"))) {
            // sweep files (sweep-*.yaml) are not configs: SweepPlannerTest checks them
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("sweep-"))
                    .map(Path::toString).sorted().toList();
        }
        assertTrue(files.contains("config/smoke.yaml") && files.contains("config/mnist-softmax.yaml"), files.toString());
        String[] args = Stream.concat(Stream.of("config", "check"), files.stream()).toArray(String[]::new);
        TrainCommandTest.Run r = TrainCommandTest.run(args);
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.err());
        for (String f : files) {
            assertTrue(r.out().contains(f + ": ok"), r.out());
        }
    }

    @Test
    void checkReportsEveryBadFileAndFailsIfAnyIs() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "training: {epochs: 0}\n");
        TrainCommandTest.Run r = TrainCommandTest.run("config", "check", "config/smoke.yaml", bad.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.out().contains("config/smoke.yaml: ok"), r.out());
        assertTrue(r.err().contains(bad + ":1: training.epochs must be in [1, 100000], got 0"), r.err());
    }

    @Test
    void checkAppliesOverrides() {
        TrainCommandTest.Run r = TrainCommandTest.run("config", "check", "config/smoke.yaml", "--set", "training.epochs=0");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("--set training.epochs=0: training.epochs must be in"), r.err());
    }

    @Test
    void configWithoutSubcommandPrintsUsage() {
        TrainCommandTest.Run r = TrainCommandTest.run("config");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("show") && r.err().contains("check"), r.err());
    }
}
