package io.softmax4j.artifact;

import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.engine.Engine;
import io.softmax4j.dl4j.Dl4jModel;
import io.softmax4j.config.RunConfig;
import io.softmax4j.dl4j.SoftmaxNetworkFactory;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelArtifactWriterTest {

    @Test
    void plainDl4jLoadGivesBitIdenticalOutputs(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("m.zip");
        TrainingResult trained = TestModels.saveSynthetic(zip);

        MultiLayerNetwork loaded = MultiLayerNetwork.load(zip.toFile(), false);
        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7, 784);
        assertEquals(Dl4jModel.network(trained.network()).output(input), loaded.output(input));
        assertEquals(Dl4jModel.network(trained.network()).params(), loaded.params());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertNotNull(z.getEntry(ModelArtifactWriter.MANIFEST_ENTRY), "manifest travels inside the zip");
            List<? extends ZipEntry> entries = Collections.list(z.entries());
            assertFalse(entries.stream().anyMatch(ZipEntry::isDirectory), "DL4J rejects directory entries");
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void manifestRecordsHowTheModelWasMade(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("m.zip");
        TrainingResult trained = TestModels.saveSynthetic(zip);
        ModelManifest m;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            m = ManifestCodec.fromJson(z.getInputStream(z.getEntry(ModelArtifactWriter.MANIFEST_ENTRY)).readAllBytes(), zip);
        }
        assertEquals(ModelManifest.FORMAT_VERSION, m.formatVersion());
        assertEquals("1.0.0-M2.1", m.dl4jVersion());
        assertNotNull(m.softmax4jVersion());
        assertEquals(ModelManifest.InputContract.grayscale(28, 28), m.input());
        assertEquals(784, m.input().length());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), m.labels());
        assertEquals("synthetic", m.dataset().name());
        assertEquals(100, m.dataset().trainExamples());
        assertEquals(42, m.seed());
        assertEquals(10, m.history().size());
        assertEquals(trained.last().testAccuracy(), m.history().get(9).testAccuracy());
        assertEquals(trained.last().testAccuracy(), m.test().accuracy(), 1e-9, "final metrics are the last epoch's");
        assertEquals(20, m.test().examples());
        assertEquals("sgd", m.config().path("training").path("updater").path("type").asText());
        assertEquals(0.005, m.config().path("training").path("updater").path("learningRate").asDouble());
        assertEquals(ParameterDigest.sha256(trained.network().parameters()), m.parametersSha256());
        assertTrue(java.time.Instant.parse(m.createdAt()).isAfter(java.time.Instant.now().minusSeconds(600)));
    }

    @Test
    void aManifestThatDoesNotFitTheNetworkIsRefused(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("m.zip");
        TestModels.saveSynthetic(zip);
        ModelManifest m = SafeModelLoader.load(zip).manifest();
        RunConfig rc = RunConfig.defaults();
        SoftmaxModel fiveClasses = Engine.get().create(rc.model(), rc.training(), 784, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelArtifactWriter.save(fiveClasses, dir.resolve("x.zip"), m));
        assertTrue(e.getMessage().contains("10 labels"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.zip")));
    }

    @Test
    void aFailedSaveLeavesThePreviousModelIntact(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("m.zip");
        RunConfig rc = RunConfig.defaults();
        SoftmaxModel net = Engine.get().create(rc.model(), rc.training(), 784, 10);
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
