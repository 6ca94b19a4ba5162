package io.softmax4j.pipeline;

import io.softmax4j.artifact.EmbeddedConfigReader;
import io.softmax4j.cli.ExitCodes;
import io.softmax4j.cli.Softmax4jCli;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model's recipe, read back from its zip, reproduces the same weights bit for bit. */
class ReproductionTest {
    @TempDir
    Path dir;

    @Test
    void theConfigEmbeddedInAZipReproducesItsWeightsBitForBit() throws IOException {
        Dataset data = SyntheticImages.dataset(300, 60);
        RunConfig original = ConfigLoader.fromYaml("data: {batchSize: 32}\ntraining: {epochs: 2, seed: 11, "
                        + "updater: {type: nesterovs, learningRate: 0.05}}\noutput: {model: " + dir.resolve("a.zip") + "}\n",
                List.of(), "recipe.yaml");
        TrainingResult first = new SoftmaxTrainer(original, TrainingListener.Defaults.none()).train(data);
        Path zip = original.output().modelPath();
        TrainPipeline.save(original, data, first, zip);

        String embedded = EmbeddedConfigReader.read(zip);
        assertEquals(Files.readString(TrainPipeline.sidecarConfig(zip)), embedded, "zip and sidecar hold the same YAML");
        RunConfig recipe = ConfigLoader.fromYaml(embedded, List.of(), EmbeddedConfigReader.describe(zip));
        assertEquals(original, recipe, "the embedded config is the effective config");

        TrainingResult again = new SoftmaxTrainer(recipe, TrainingListener.Defaults.none()).train(data);
        assertBitIdentical(MultiLayerNetwork.load(zip.toFile(), false).params().toFloatVector(), again.network().parameters());

        RunConfig otherSeed = ConfigLoader.fromYaml(embedded, List.of("training.seed=12"), "x");
        TrainingResult different = new SoftmaxTrainer(otherSeed, TrainingListener.Defaults.none()).train(data);
        assertNotEquals(java.util.Arrays.toString(first.network().parameters()), java.util.Arrays.toString(different.network().parameters()),
                "the seed matters, so equality is no accident");
    }

    @Test
    void trainFromModelOnTheCommandLineReproducesTheModel() throws IOException {
        // A small real-MNIST run (1,000 examples, one epoch) keeps this to a couple of seconds.
        Path a = dir.resolve("a.zip");
        Path b = dir.resolve("b.zip");
        int code = cli("train", "--config", "config/smoke.yaml", "--set", "data.limit=1000",
                "--set", "training.epochs=1", "--set", "output.model=" + a);
        assertEquals(ExitCodes.EXIT_OK, code);
        code = cli("train", "--from-model", a.toString(), "--set", "output.model=" + b);
        assertEquals(ExitCodes.EXIT_OK, code);

        assertBitIdentical(MultiLayerNetwork.load(a.toFile(), false).params().toFloatVector(),
                MultiLayerNetwork.load(b.toFile(), false).params().toFloatVector());
        RunConfig ra = ConfigLoader.fromYaml(EmbeddedConfigReader.read(a), List.of(), "a");
        RunConfig rb = ConfigLoader.fromYaml(EmbeddedConfigReader.read(b), List.of(), "b");
        assertEquals(ra.training(), rb.training());
        assertEquals(ra.data(), rb.data());
        assertEquals(1000, rb.data().limit());
        assertTrue(rb.output().model().endsWith("b.zip"), "only the output differs: " + rb.output());
    }

    private static int cli(String... args) {
        StringWriter err = new StringWriter();
        int code = Softmax4jCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCodes.EXIT_OK, code, err.toString());
        return code;
    }

    private static void assertBitIdentical(float[] e, float[] a) {
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "parameter " + i);
        }
    }
}
