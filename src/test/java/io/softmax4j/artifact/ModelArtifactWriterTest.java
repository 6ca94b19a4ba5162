package io.softmax4j.artifact;

import io.softmax4j.config.RunConfig;
import io.softmax4j.model.SoftmaxNetworkFactory;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelArtifactWriterTest {

    @Test
    void plainDl4jLoadGivesBitIdenticalOutputs(@TempDir Path dir) throws IOException {
        TrainingResult trained = new SoftmaxTrainer(RunConfig.defaults(), TrainingListener.Defaults.none())
                .train(SyntheticImages.dataset(100, 20));
        Path zip = dir.resolve("m.zip");
        ModelArtifactWriter.save(trained.network(), zip,
                Map.of(ModelArtifactWriter.CONFIG_ENTRY, "data: {}\n".getBytes(StandardCharsets.UTF_8)));

        MultiLayerNetwork loaded = MultiLayerNetwork.load(zip.toFile(), false);
        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7, 784);
        assertEquals(trained.network().output(input), loaded.output(input));
        assertEquals(trained.network().params(), loaded.params());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertNotNull(z.getEntry(ModelArtifactWriter.CONFIG_ENTRY), "config travels inside the zip");
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void aFailedSaveLeavesThePreviousModelIntact(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("m.zip");
        RunConfig rc = RunConfig.defaults();
        MultiLayerNetwork net = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 10);
        ModelArtifactWriter.save(net, zip, Map.of());
        byte[] before = Files.readAllBytes(zip);

        assertThrows(IllegalArgumentException.class,
                () -> ModelArtifactWriter.save(net, zip, Map.of("not-ours.txt", new byte[1])));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(zip)), "previous model untouched");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temp file removed after the failure");
        }
    }
}
