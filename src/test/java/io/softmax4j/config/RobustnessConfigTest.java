package io.softmax4j.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** training.checkpoints, training.earlyStopping and training.maxMinutes. */
class RobustnessConfigTest {
    static RunConfig load(String training, String... overrides) {
        return ConfigLoader.fromYaml("training: {" + training + "}\n", List.of(overrides), "x.yaml");
    }

    @Test
    void defaultsCheckpointEveryEpochKeepTwoAndNeitherStopEarlyNorLimitTime() {
        TrainingConfig t = RunConfig.defaults().training();
        assertEquals(new CheckpointConfig(1, 2), t.checkpoints());
        assertNull(t.earlyStopping());
        assertNull(t.maxMinutes());
    }

    @Test
    void earlyStoppingDefaultsItsKeysOnceTheSectionIsGiven() {
        TrainingConfig t = load("earlyStopping: {}").training();
        assertEquals(new EarlyStoppingConfig(3, 0.0), t.earlyStopping());
        assertEquals(5, load("earlyStopping: {patience: 2}", "training.earlyStopping.patience=5").training().earlyStopping().patience());
    }

    @Test
    void eachOutOfRangeValueNamesItsKey() {
        assertMessage("training.checkpoints.keep must be in [1, 1000], got 0", "checkpoints: {keep: 0}");
        assertMessage("training.checkpoints.every must be in [0, 100000], got -1", "checkpoints: {every: -1}");
        assertMessage("training.earlyStopping.patience must be in [1, 100000], got 0", "earlyStopping: {patience: 0}");
        assertMessage("training.earlyStopping.minDelta must be in [0, 1], got 2.0", "earlyStopping: {minDelta: 2}");
        assertMessage("training.maxMinutes must be in (0, 525600], got 0.0", "maxMinutes: 0");
    }

    @Test
    void unknownKeysInTheNewSectionsAreNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("checkpoints: {evry: 2}"));
        assertEquals("training.checkpoints.evry", e.key());
        assertTrue(e.getMessage().contains("did you mean training.checkpoints.every?"), e.getMessage());
    }

    @Test
    void theNewKeysRoundTripThroughTheEffectiveConfig() {
        RunConfig rc = load("checkpoints: {every: 3, keep: 4}, earlyStopping: {patience: 2, minDelta: 0.001}, maxMinutes: 90");
        assertEquals(rc, ConfigLoader.fromYaml(ConfigLoader.toYaml(rc), List.of(), "shown.yaml"));
    }

    private static void assertMessage(String expected, String training) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(training));
        assertTrue(e.getMessage().equals("x.yaml:1: " + expected), e.getMessage());
    }
}
