package io.softmax4j.sweep;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.config.SweepConfig;
import io.softmax4j.config.SweepConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepPlannerTest {
    static final String BASE = ConfigLoader.toYaml(RunConfig.defaults());

    @TempDir
    Path dir;

    SweepPlan plan(String yaml) throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return SweepPlanner.plan(SweepConfigLoader.load(f, List.of(), null, BASE), BASE);
    }

    @Test
    void aGridExpandsToEveryCombinationLastKeyFastest() throws IOException {
        SweepPlan p = plan("grid: {training.updater.learningRate: [0.01, 0.1, 1], data.batchSize: [64, 256]}\n");
        assertEquals(6, p.trials().size());
        List<Map<String, String>> values = p.trials().stream().map(TrialSpec::values).toList();
        assertEquals(Map.of("training.updater.learningRate", "0.01", "data.batchSize", "64"), values.get(0));
        assertEquals(Map.of("training.updater.learningRate", "0.01", "data.batchSize", "256"), values.get(1));
        assertEquals(Map.of("training.updater.learningRate", "1", "data.batchSize", "256"), values.get(5));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), p.trials().stream().map(TrialSpec::id).toList());
        RunConfig c = p.trials().get(3).config(dir.resolve("trial-004"));
        assertEquals(0.1, c.training().updater().learningRate());
        assertEquals(256, c.data().batchSize());
        assertEquals(dir.resolve("trial-004").resolve("model.zip"), c.output().modelPath());
    }

    @Test
    void aSweepHoldsOutAValidationSetAndUsesOneThreadPerTrial() throws IOException {
        RunConfig c = plan("grid: {data.batchSize: [64]}\n").trials().get(0).config(dir);
        assertEquals(0.1, c.data().validation(), "selection needs a hold-out; the base config had none");
        assertEquals(1, c.runtime().threads());
        RunConfig own = plan("grid: {data.batchSize: [64]}\nset: {data.validation: 0.2}\n").trials().get(0).config(dir);
        assertEquals(0.2, own.data().validation(), "a hold-out the sweep sets is kept");
    }

    @Test
    void randomSamplingIsReproducibleFromTheSeedAndStaysInRange() throws IOException {
        String yaml = """
                random:
                  trials: 30
                  seed: SEED
                  params:
                    training.updater.learningRate: {distribution: log-uniform, min: 0.001, max: 1}
                    data.batchSize: {distribution: uniform, min: 32, max: 512}
                    training.updater.type: {distribution: choice, values: [sgd, adam]}
                """;
        List<Map<String, String>> a = plan(yaml.replace("SEED", "7")).trials().stream().map(TrialSpec::values).toList();
        List<Map<String, String>> b = plan(yaml.replace("SEED", "7")).trials().stream().map(TrialSpec::values).toList();
        List<Map<String, String>> c = plan(yaml.replace("SEED", "8")).trials().stream().map(TrialSpec::values).toList();
        assertEquals(a, b, "same seed, same trials");
        assertNotEquals(a, c, "another seed, other trials");
        Set<String> types = new HashSet<>();
        int lowDecade = 0;
        for (Map<String, String> v : a) {
            double lr = Double.parseDouble(v.get("training.updater.learningRate"));
            int batch = Integer.parseInt(v.get("data.batchSize"));
            assertTrue(lr >= 0.001 && lr <= 1, "lr in range: " + lr);
            assertTrue(batch >= 32 && batch <= 512, "batch in range: " + batch);
            lowDecade += lr < 0.01 ? 1 : 0;
            types.add(v.get("training.updater.type"));
        }
        assertEquals(Set.of("sgd", "adam"), types);
        assertTrue(lowDecade >= 3, "log-uniform: about a third in [0.001, 0.01), got " + lowDecade + " of 30");
        List<Map<String, String>> first10 = plan(yaml.replace("SEED", "7").replace("trials: 30", "trials: 10"))
                .trials().stream().map(TrialSpec::values).toList();
        assertEquals(a.subList(0, 10), first10, "trial i depends only on the seed and i");
    }

    @Test
    void aCombinationThatIsNotAValidConfigIsRefusedBeforeAnythingRuns() throws IOException {
        // momentum fits nesterovs (trial-001) but not sgd (trial-002)
        ConfigException e = assertThrows(ConfigException.class, () -> plan(
                "grid: {training.updater.type: [nesterovs, sgd], training.updater.momentum: [0.5]}\n"));
        assertTrue(e.getMessage().contains("trial-002") && e.getMessage().contains("training.updater.momentum belongs to"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("s.yaml") + ":1: "), e.getMessage());
    }

    @Test
    void aSweepWithoutHoldOutCannotSelectOnValidation() {
        ConfigException e = assertThrows(ConfigException.class, () -> plan("grid: {data.validation: [0, 0.1]}\n"));
        assertTrue(e.getMessage().contains("trial-001") && e.getMessage().contains("validationAccuracy cannot be measured"),
                e.getMessage());
    }

    @Test
    void trialSpecsSurviveTheirJsonRoundTrip() throws IOException {
        SweepPlan p = plan("grid: {training.updater.learningRate: [0.01, 0.1]}\npruner: successive-halving\n");
        SweepFiles.writePlan(dir, p);
        assertEquals(p, SweepFiles.readPlan(dir));
        assertEquals(SweepConfig.Pruner.defaults(), SweepFiles.readPlan(dir).pruner());
    }

    @Test
    void theShippedLearningRateSweepPlansSixTrialsOfTheFashionMnistRecipe() {
        String base = ConfigLoader.toYaml(ConfigLoader.load(Path.of("config/fashion-mnist-softmax.yaml"), List.of()));
        SweepPlan p = SweepPlanner.plan(SweepConfigLoader.load(Path.of("config/sweep-lr.yaml"), List.of(), null, base), base);
        assertEquals("sweep-lr", p.name());
        assertEquals(List.of("0.005", "0.01", "0.03", "0.1", "0.3", "1"),
                p.trials().stream().map(t -> t.values().get("training.updater.learningRate")).toList());
        RunConfig c = p.trials().get(3).config(dir);
        assertEquals("fashion-mnist", c.data().dataset().name());
        assertEquals(10, c.training().epochs());
    }
}
