package io.softmax4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad config input, driven through {@code train} in-process: each must exit with
 * {@link ExitCodes#EXIT_INVALID_INPUT} before any training, with one error line naming the file
 * (and line) or the {@code --set}, the key, what was wrong and what is allowed.
 */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        String laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                + "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        return Stream.of(
                Arguments.of("unknown key", "training:\n  epoch: 3\n",
                        List.of(":2: unknown key training.epoch (did you mean training.epochs?)", "allowed under training: epochs, seed")),
                Arguments.of("unknown section", "trainig:\n  epochs: 3\n",
                        List.of(":1: unknown key trainig (did you mean training?)")),
                Arguments.of("key in the wrong section", "training:\n  learningRate: 0.1\n",
                        List.of(":2: unknown key training.learningRate (did you mean training.updater.learningRate?)")),
                Arguments.of("dotted key in a file", "training.epochs: 3\n",
                        List.of(":1: unknown key training.epochs (dotted keys are for --set; in YAML nest them: "
                                + "training: {epochs: ...})")),
                Arguments.of("wrong type", "training:\n  epochs: ten\n",
                        List.of(":2: training.epochs must be an integer, got the value ten")),
                Arguments.of("quoted number", "data: {batchSize: \"64\"}\n",
                        List.of(":1: data.batchSize must be an integer, got the string \"64\"")),
                Arguments.of("float for an integer", "training: {epochs: 2.5}\n",
                        List.of("training.epochs must be an integer, got the value 2.5")),
                Arguments.of("zero learning rate", "training:\n  updater: {type: sgd, learningRate: 0}\n",
                        List.of(":2: training.updater.learningRate must be in (0, 10], got 0.0")),
                Arguments.of("negative learning rate", "training:\n  updater:\n    learningRate: -0.1\n",
                        List.of(":3: training.updater.learningRate must be in (0, 10], got -0.1")),
                Arguments.of("NaN learning rate", "training: {updater: {type: adam, learningRate: .nan}}\n",
                        List.of("training.updater.learningRate must be in (0, 10], got NaN")),
                Arguments.of("batch size 0", "data:\n  batchSize: 0\n",
                        List.of(":2: data.batchSize must be in [1, 1000000], got 0")),
                Arguments.of("epochs 0", "training: {epochs: 0}\n",
                        List.of("training.epochs must be in [1, 100000], got 0")),
                Arguments.of("negative std", "model:\n  initStd: -0.5\n",
                        List.of(":2: model.initStd must be in [0, 10], got -0.5")),
                Arguments.of("NaN std", "model: {initStd: NaN}\n",
                        List.of("model.initStd must be in [0, 10], got NaN")),
                Arguments.of("zero limit", "data: {limit: 0}\n",
                        List.of("data.limit must be in [1, 2147483647], got 0")),
                Arguments.of("unknown updater type", "training:\n  updater:\n    type: rmsprop\n",
                        List.of(":3: training.updater.type must be one of sgd, nesterovs, adam, got rmsprop")),
                Arguments.of("misspelt updater type", "training: {updater: {type: nesterov}}\n",
                        List.of("got nesterov (did you mean nesterovs?)")),
                Arguments.of("key of another updater", "training:\n  updater:\n    type: sgd\n    momentum: 0.9\n",
                        List.of(":4: training.updater.momentum belongs to training.updater.type: nesterovs, but the type here is sgd")),
                Arguments.of("unknown updater key", "training:\n  updater: {type: adam, beta3: 0.9}\n",
                        List.of(":2: unknown key training.updater.beta3 (did you mean training.updater.beta1?)")),
                Arguments.of("yaml syntax error", "training: {epochs: 3\nmodel: {}\n",
                        List.of("not valid YAML")),
                Arguments.of("bad indentation", "training:\n  epochs: 3\n seed: 4\n",
                        List.of(":3: not valid YAML")),
                Arguments.of("java type tag", "data: !!javax.script.ScriptEngineManager "
                                + "[!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]\n",
                        List.of(":1: YAML tags such as tag:yaml.org,2002:javax.script.ScriptEngineManager are not allowed")),
                Arguments.of("verbatim tag", "training: {epochs: !<tag:yaml.org,2002:int> 3}\n",
                        List.of(":1: YAML tags such as tag:yaml.org,2002:int are not allowed")),
                Arguments.of("billion laughs", laughs,
                        List.of("expands to more than 10000 values (too many aliases?)")),
                Arguments.of("duplicate key", "data:\n  batchSize: 64\n  batchSize: 128\n",
                        List.of(":3: duplicate key batchSize", ":2)")),
                Arguments.of("empty file", "", List.of(": config file is empty")),
                Arguments.of("only comments", "# nothing here\n\n", List.of(": config file has no settings")),
                Arguments.of("not a mapping", "- training\n- model\n",
                        List.of(":1: expected a mapping of sections (data, model, training", "got a list")),
                Arguments.of("section given a value", "training: 3\n",
                        List.of(":1: training must be a mapping of keys (epochs, seed, updater", "got the value 3")),
                Arguments.of("empty value", "training:\n  epochs:\n",
                        List.of(":2: training.epochs has no value")),
                Arguments.of("deep nesting", "a: " + "[".repeat(200) + "]".repeat(200) + "\n",
                        List.of(":1: values are nested more than 32 levels deep")),
                Arguments.of("two documents", "training: {epochs: 2}\n---\nmodel: {}\n",
                        List.of(":2: a config file holds one YAML document")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadConfigFileStopsBeforeTrainingWithAClearError(String what, String yaml, List<String> expected) throws IOException {
        Path cfg = dir.resolve(what.replace(' ', '-') + ".yaml");
        Files.writeString(cfg, yaml);
        TrainCommandTest.Run train = assertRejected(expected, "train", "--config", cfg.toString());
        assertTrue(train.err().startsWith("error: " + cfg + ":"), "names the file first: " + train.err());
        // config check reports the same problem, without training either.
        TrainCommandTest.Run check = TrainCommandTest.run("config", "check", cfg.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, check.code(), check.err());
        assertEquals(train.err(), check.err());
    }

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of("training.epoch=3",
                        "--set training.epoch=3: unknown key training.epoch (did you mean training.epochs?)"),
                Arguments.of("trainng.epochs=3", "--set trainng.epochs=3: unknown key trainng.epochs (did you mean training.epochs?)"),
                Arguments.of("epochs=3", "--set epochs=3: unknown key epochs (did you mean training.epochs?)"),
                Arguments.of("training.epochs=three", "--set training.epochs=three: training.epochs must be an integer, got the value three"),
                Arguments.of("training.updater.learningRate=fast",
                        "--set training.updater.learningRate=fast: training.updater.learningRate must be a number"),
                Arguments.of("data.batchSize=0", "--set data.batchSize=0: data.batchSize must be in [1, 1000000], got 0"),
                Arguments.of("training.updater.learningRate=NaN",
                        "training.updater.learningRate must be in (0, 10], got NaN"),
                Arguments.of("training.updater.type=rmsprop",
                        "--set training.updater.type=rmsprop: training.updater.type must be one of sgd, nesterovs, adam"),
                Arguments.of("training.updater.momentum=0.5",
                        "--set training.updater.momentum=0.5: training.updater.momentum belongs to training.updater.type: nesterovs"),
                Arguments.of("training=3", "--set training=3: training is a section; set one of its keys"),
                Arguments.of("training.epochs.max=3", "--set training.epochs.max=3: training.epochs is a single value"),
                Arguments.of("training.epochs", "--set training.epochs: expected key.path=value"),
                Arguments.of("=3", "--set =3: expected key.path=value"));
    }

    @ParameterizedTest(name = "--set {0}")
    @MethodSource("badOverrides")
    void aBadOverrideStopsBeforeTrainingNamingTheOverride(String override, String expected) throws IOException {
        assertRejected(List.of(expected), "train", "--config", "config/smoke.yaml", "--set", override);
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertRejected(List.of(missing + ": config file not found"), "train", "--config", missing.toString());
    }

    @Test
    void aDirectoryIsNotAConfigFile() throws IOException {
        assertRejected(List.of(dir + ": is a directory, not a regular file; expected a YAML config file"), "train", "--config", dir.toString());
    }

    @Test
    void anOversizedFileIsRefusedWithoutParsingIt() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "#".repeat(1 << 20) + "\ntraining: {epochs: 1}\n");
        assertRejected(List.of(big + ": config file is larger than the limit of 1048576 bytes"),
                "train", "--config", big.toString());
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "output: {model: caf\u00e9.zip}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertRejected(List.of(latin1 + ": config file is not UTF-8 text"), "train", "--config", latin1.toString());
    }

    @Test
    void fromModelErrorsNameTheZip() throws IOException {
        Path missing = dir.resolve("missing.zip");
        assertRejected(List.of(missing + ": model file not found"), "train", "--from-model", missing.toString());
        Path notZip = dir.resolve("text.zip");
        Files.writeString(notZip, "not a zip");
        assertRejected(List.of(notZip + ": not a model zip"), "train", "--from-model", notZip.toString());
        Path plain = dir.resolve("plain.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plain))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        assertRejected(List.of(plain + ": holds no softmax4j/config.yaml"), "train", "--from-model", plain.toString());
    }

    @Test
    void aBadEmbeddedConfigIsNamedByZipAndEntry() throws IOException {
        Path zipFile = dir.resolve("edited.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            zip.putNextEntry(new ZipEntry("softmax4j/config.yaml"));
            zip.write("training:\n  epochs: -1\n".getBytes(StandardCharsets.UTF_8));
        }
        assertRejected(List.of(zipFile + "!softmax4j/config.yaml:2: training.epochs must be in [1, 100000], got -1"),
                "train", "--from-model", zipFile.toString());
    }

    @Test
    void configAndFromModelTogetherAreRefused() throws IOException {
        assertRejected(List.of("give either --config or --from-model, not both"),
                "train", "--config", "config/smoke.yaml", "--from-model", "models/x.zip");
    }

    @Test
    void reRunningAModelIntoItsOwnZipIsRefused() throws IOException {
        Path zipFile = dir.resolve("m.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipFile))) {
            zip.putNextEntry(new ZipEntry("softmax4j/config.yaml"));
            zip.write(("output: {model: " + zipFile + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        long before = Files.size(zipFile);
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--from-model", zipFile.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("would overwrite that model") && r.err().contains("--set output.model="), r.err());
        assertEquals(before, Files.size(zipFile), "the source model is untouched");
    }

    /** Runs train (or another command) and checks it failed as bad input, before training, naming it. */
    private TrainCommandTest.Run assertRejected(List<String> expected, String... args) {
        Path model = dir.resolve("out/never.zip");
        List<String> all = new ArrayList<>(List.of(args));
        if (args[0].equals("train") && !String.join(" ", args).contains("--from-model")) {
            all.add("--set");
            all.add("output.model=" + model);
        }
        TrainCommandTest.Run r = TrainCommandTest.run(all.toArray(String[]::new));
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), "exit code; stderr: " + r.err());
        for (String part : expected) {
            assertTrue(r.err().contains(part), "expected <" + part + "> in: " + r.err());
        }
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().lines().count(), "one error line, no stack trace: " + r.err());
        assertFalse(r.out().contains("training softmax regression"), "nothing was trained: " + r.out());
        assertFalse(Files.exists(model), "nothing was written");
        return r;
    }
}
