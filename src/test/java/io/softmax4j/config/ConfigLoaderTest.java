package io.softmax4j.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void shippedDefaultConfigIsTheReferenceRecipe() {
        RunConfig rc = ConfigLoader.load(Path.of("config/mnist-softmax.yaml"), List.of());
        assertEquals(RunConfig.defaults().training(), rc.training());
        UpdaterConfig.Sgd sgd = assertInstanceOf(UpdaterConfig.Sgd.class, rc.training().updater());
        assertEquals(0.005, sgd.learningRate());
        assertEquals(256, rc.data().batchSize());
        assertEquals(10, rc.training().epochs());
        assertEquals(0.01, rc.model().initStd());
        assertEquals("models/mnist-softmax.zip", rc.output().model());
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml("training: {epoch: 3}\n", List.of(), "x.yaml"));
        assertEquals("training.epoch", e.key());
        assertTrue(e.getMessage().startsWith("x.yaml: unknown key training.epoch (did you mean epochs?)"), e.getMessage());
    }

    @Test
    void overridesAreTypedAndValidatedLikeFileValues() {
        RunConfig rc = ConfigLoader.fromYaml("training: {epochs: 10}\n", List.of("training.epochs=3"), "x.yaml");
        assertEquals(3, rc.training().epochs());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml("{}\n", List.of("data.batchSize=0"), "x.yaml"));
        assertTrue(e.getMessage().contains("data.batchSize must be in [1, 1000000], got 0"), e.getMessage());
    }

    @Test
    void effectiveConfigRoundTripsThroughYaml() {
        RunConfig rc = ConfigLoader.fromYaml("training: {updater: {type: adam}}\n", List.of(), "x.yaml");
        RunConfig again = ConfigLoader.fromYaml(ConfigLoader.toYaml(rc), List.of(), "shown.yaml");
        assertEquals(rc, again);
    }
}
