package io.softmax4j.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static RunConfig yaml(String text, String... overrides) {
        return ConfigLoader.fromYaml(text, List.of(overrides), "x.yaml");
    }

    private static ConfigException bad(String text, String... overrides) {
        return assertThrows(ConfigException.class, () -> yaml(text, overrides));
    }

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
        assertNull(rc.data().limit(), "the reference recipe uses every example");
    }

    @Test
    void shippedSmokeConfigIsShortAndWritesItsOwnModel() {
        RunConfig rc = ConfigLoader.load(Path.of("config/smoke.yaml"), List.of());
        assertTrue(rc.training().epochs() <= 2, rc.training().toString());
        assertEquals(10_000, rc.data().limit());
        assertEquals("models/smoke.zip", rc.output().model());
    }

    @Test
    void unknownKeyIsNamedWithLineAndASuggestion() {
        ConfigException e = bad("training:\n  epochs: 3\n  sed: 1\n");
        assertEquals("training.sed", e.key());
        assertTrue(e.getMessage().startsWith("x.yaml:3: unknown key training.sed (did you mean training.seed?)"),
                e.getMessage());
        // Other sections may gain keys; the list names those there are.
        assertTrue(e.getMessage().contains("allowed under training: epochs, seed, updater"), e.getMessage());
    }

    @Test
    void valuesOutOfRangeNameTheKeyAndTheLine() {
        ConfigException e = bad("data:\n  dataset: mnist\n  batchSize: 0\n");
        assertEquals("data.batchSize", e.key());
        assertEquals("x.yaml:3: data.batchSize must be in [1, 1000000], got 0", e.getMessage());
    }

    @Test
    void overridesAreTypedAndValidatedLikeFileValues() {
        assertEquals(3, yaml("training: {epochs: 10}\n", "training.epochs=3").training().epochs());
        ConfigException e = bad("{}\n", "data.batchSize=0");
        assertEquals("--set data.batchSize=0: data.batchSize must be in [1, 1000000], got 0", e.getMessage());
        ConfigException typed = bad("{}\n", "data.shuffle=maybe");
        assertEquals("--set data.shuffle=maybe: data.shuffle must be true or false, got the value maybe",
                typed.getMessage());
    }

    @Test
    void laterOverridesWinOverEarlierOnesAndOverTheFile() {
        RunConfig rc = yaml("training: {epochs: 10, seed: 1}\n",
                "training.epochs=3", "training.epochs=5", "data.batchSize=64");
        assertEquals(5, rc.training().epochs(), "the last --set for a key wins");
        assertEquals(1L, rc.training().seed(), "keys not overridden keep the file's value");
        assertEquals(64, rc.data().batchSize(), "a section missing from the file is created");
    }

    @Test
    void settingTheUpdaterTypeDropsTheFilesKeysOfTheOldType() {
        String nesterovs = "training:\n  updater: {type: nesterovs, learningRate: 0.2, momentum: 0.5}\n";
        RunConfig rc = yaml(nesterovs, "training.updater.type=adam", "training.updater.beta1=0.8");
        UpdaterConfig.Adam adam = assertInstanceOf(UpdaterConfig.Adam.class, rc.training().updater());
        assertEquals(0.2, adam.learningRate(), "learningRate is shared by every type and kept");
        assertEquals(0.8, adam.beta1());
        // A key given with --set is never silently dropped: it is reported.
        ConfigException e = bad(nesterovs, "training.updater.beta1=0.8", "training.updater.type=sgd");
        assertTrue(e.getMessage().contains("training.updater.beta1 belongs to training.updater.type: adam"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(remove the key, or add --set training.updater.type=adam)"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherUpdaterSaysWhichUpdaterItBelongsTo() {
        ConfigException e = bad("training:\n  updater:\n    type: sgd\n    momentum: 0.9\n");
        assertEquals("training.updater.momentum", e.key());
        assertTrue(e.getMessage().startsWith("x.yaml:4: training.updater.momentum belongs to training.updater.type: "
                + "nesterovs, but the type here is sgd"), e.getMessage());
    }

    @Test
    void theEffectiveConfigOfEveryUpdaterRoundTripsThroughYaml() {
        for (String type : UpdaterConfig.TYPES) {
            RunConfig rc = yaml("training: {updater: {type: " + type + "}}\ndata: {limit: 100}\n");
            RunConfig again = ConfigLoader.fromYaml(ConfigLoader.toYaml(rc), List.of(), "shown.yaml");
            assertEquals(rc, again, type);
        }
    }

    @Test
    void yamlSpellingsOfValuesAreAccepted() {
        RunConfig rc = yaml("data: {shuffle: no, batchSize: 1_024, dataset: mnist}\nmodel: {initStd: 1e-2}\n"
                + "training: {seed: -7}\n");
        assertEquals(false, rc.data().shuffle());
        assertEquals(1024, rc.data().batchSize());
        assertEquals(0.01, rc.model().initStd());
        assertEquals(-7L, rc.training().seed());
    }

    @Test
    void anEmptySectionMeansDefaultsButAnEmptyValueIsAnError() {
        assertEquals(ModelConfig.defaults(), yaml("model:\ntraining: {epochs: 2}\n").model());
        ConfigException e = bad("training:\n  epochs:\n");
        assertEquals("x.yaml:2: training.epochs has no value; give an integer, or remove the key to use the default",
                e.getMessage());
    }

    @Test
    void overrideValuesAreLiteralText() {
        assertEquals("~", yaml("{}\n", "data.dir=~").data().dir(), "~ is the home folder on the command line, not null");
        ConfigException e = bad("{}\n", "training.epochs=");
        assertEquals("--set training.epochs=: training.epochs must be an integer, got an empty value", e.getMessage());
    }

    @Test
    void smallAnchorsAndAliasesStillWork() {
        RunConfig rc = yaml("model: &m {initStd: 0.02}\ntraining: {epochs: &e 4, seed: *e}\n");
        assertEquals(0.02, rc.model().initStd());
        assertEquals(4L, rc.training().seed());
    }

    @Test
    void tagsOnMappingsAndListsAreRejectedToo() {
        assertTrue(bad("data: !!map {batchSize: 3}\n").getMessage().startsWith("x.yaml:1: YAML tags such as"));
        assertTrue(bad("data: !custom [1]\n").getMessage().contains("are not allowed"));
    }

    @Test
    void theSchemaKnowsEveryRecordComponent() {
        assertEquals(List.of("data", "model", "training", "runtime", "output"),
                List.copyOf(ConfigSchema.ROOT.fields().keySet()).subList(0, 5));
        assertTrue(ConfigSchema.allPaths().containsAll(List.of("data.limit", "training.updater.type",
                "training.updater.momentum", "training.updater.beta2", "output.model")), ConfigSchema.allPaths().toString());
        ConfigSchema.Section training = (ConfigSchema.Section) ConfigSchema.ROOT.fields().get("training");
        ConfigSchema.Choice updater = (ConfigSchema.Choice) training.fields().get("updater");
        assertEquals("sgd", updater.defaultName());
        assertEquals(List.of("nesterovs"), updater.variantsWith("momentum"));
    }
}
