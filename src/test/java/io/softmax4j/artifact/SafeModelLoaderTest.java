package io.softmax4j.artifact;

import io.softmax4j.dl4j.Dl4jModel;
import io.softmax4j.artifact.ModelFileException.Reason;
import io.softmax4j.config.RunConfig;
import io.softmax4j.dl4j.SoftmaxNetworkFactory;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a model file can be bad gets its own clear error naming the file, before DL4J reads it. */
class SafeModelLoaderTest {
    @TempDir
    static Path shared;
    static Path good;
    static TrainingResult trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveAGoodModel() {
        good = shared.resolve("good.zip");
        trained = TestModels.saveSynthetic(good);
    }

    @Test
    void aGoodModelLoadsWithTheSameOutputs() {
        LoadedModel m = SafeModelLoader.load(good);
        INDArray input = Nd4j.rand(DataType.FLOAT, 5, 784);
        assertEquals(Dl4jModel.network(trained.network()).output(input), Dl4jModel.network(m.network()).output(input));
        assertEquals(good, m.file());
        assertEquals("synthetic", m.manifest().dataset().name());
    }

    @Test
    void missingFile() {
        assertRefused(dir.resolve("nope.zip"), Reason.NOT_FOUND, "model file not found");
    }

    @Test
    void emptyFile() throws IOException {
        assertRefused(Files.write(dir.resolve("empty.zip"), new byte[0]), Reason.EMPTY, "is empty (0 bytes)");
    }

    @Test
    void zipWithoutEntries() throws IOException {
        Path zip = dir.resolve("none.zip");
        new ZipOutputStream(Files.newOutputStream(zip)).close();
        assertRefused(zip, Reason.EMPTY, "empty zip (no entries)");
    }

    @Test
    void notAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("model.zip"), "configuration: yes\n");
        assertRefused(file, Reason.NOT_A_ZIP, "is not a zip file");
    }

    @Test
    void truncated() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(cut, Reason.TRUNCATED, "is truncated");
    }

    @Test
    void fileTooLarge() throws IOException {
        Path big = dir.resolve("big.zip");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(SafeModelLoader.MAX_FILE_BYTES + 1); // sparse: costs no disk
        }
        assertRefused(big, Reason.TOO_LARGE, "is too large: more than " + SafeModelLoader.MAX_FILE_BYTES + " bytes");
    }

    @Test
    void zipBombEntry() throws IOException {
        // 100 MiB of zeros deflates to about 100 KB; the declared size is not trusted
        Path bomb = rewrite("bomb.zip", e -> e.put(SafeModelLoader.UPDATER_BIN, new byte[100 << 20]));
        assertTrue(Files.size(bomb) < 1 << 20);
        assertRefused(bomb, Reason.TOO_LARGE, "entry updaterState.bin inflates to more than " + SafeModelLoader.MAX_ENTRY_BYTES);
    }

    @Test
    void missingEntry() throws IOException {
        assertRefused(rewrite("noparams.zip", e -> e.remove(SafeModelLoader.COEFFICIENTS_BIN)),
                Reason.MISSING_ENTRY, "missing entry coefficients.bin");
    }

    @Test
    void plainDl4jZipHasNoManifest() throws IOException {
        Path plain = dir.resolve("plain.zip");
        Dl4jModel.network(trained.network()).save(plain.toFile(), true);
        assertRefused(plain, Reason.MISSING_ENTRY, "missing entry softmax4j/manifest.json; not a softmax4j model");
    }

    @Test
    void javaSerializedPreprocessorIsRefused() throws IOException {
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(new java.util.ArrayList<>(java.util.List.of("anything")));
        }
        Path evil = rewrite("evil.zip", e -> e.put("preprocessor.bin", serialized.toByteArray()));
        assertRefused(evil, Reason.UNEXPECTED_ENTRY, "unexpected entry preprocessor.bin");
        assertRefused(rewrite("objects.zip", e -> e.put("objects/x", serialized.toByteArray())),
                Reason.UNEXPECTED_ENTRY, "unexpected entry objects/x");
    }

    @Test
    void directoryEntryIsRefused() throws IOException {
        assertRefused(rewrite("dir.zip", e -> e.put("softmax4j/", new byte[0])), Reason.UNEXPECTED_ENTRY,
                "directory entry softmax4j/");
    }

    @Test
    void duplicateEntryIsRefused() throws IOException {
        // ZipOutputStream refuses duplicate names, so write a look-alike name and patch it
        Path twice = rewrite("twice.zip", e -> e.put("coefficients.biX", new byte[10]));
        byte[] bytes = Files.readAllBytes(twice);
        replaceAll(bytes, "coefficients.biX", "coefficients.bin");
        Files.write(twice, bytes);
        assertRefused(twice, Reason.UNEXPECTED_ENTRY, "duplicate entry coefficients.bin");
    }

    @Test
    void newerManifestFormat() throws IOException {
        Path newer = rewriteManifest("newer.zip", json -> json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        assertRefused(newer, Reason.NEWER_FORMAT, "model manifest format 2 is newer than this softmax4j reads (up to 1)");
    }

    @Test
    void manifestThatIsNotJson() throws IOException {
        assertRefused(rewrite("badjson.zip", e -> e.put(ModelArtifactWriter.MANIFEST_ENTRY, "{oops".getBytes(StandardCharsets.UTF_8))),
                Reason.INVALID_MANIFEST, "manifest softmax4j/manifest.json is not valid JSON");
    }

    @Test
    void wrongParameterCount() throws IOException {
        RunConfig rc = RunConfig.defaults();
        MultiLayerNetwork fiveClasses = SoftmaxNetworkFactory.create(rc.model(), rc.training(), 784, 5);
        Path other = dir.resolve("five.zip");
        fiveClasses.save(other.toFile(), false);
        byte[] coefficients = entries(other).get(SafeModelLoader.COEFFICIENTS_BIN);
        assertRefused(rewrite("wrongcount.zip", e -> e.put(SafeModelLoader.COEFFICIENTS_BIN, coefficients)),
                Reason.WRONG_SHAPE, "entry coefficients.bin holds 3925 parameters, expected 7850");
    }

    @Test
    void manifestAndNetworkDisagreeOnShape() throws IOException {
        Path wrong = rewriteManifest("wrongshape.zip", json -> json
                .replace("\"height\" : 28", "\"height\" : 14").replace("\"length\" : 784", "\"length\" : 392"));
        assertRefused(wrong, Reason.WRONG_SHAPE, "the network maps 784 inputs to 10 outputs, but the manifest promises 392 inputs");
    }

    @Test
    void nonFiniteWeights(@TempDir Path own) throws IOException {
        Path zip = own.resolve("nan.zip");
        TrainingResult result = TestModels.trainSynthetic();
        Dl4jModel.network(result.network()).params().putScalar(17, Float.NaN);
        ModelArtifactWriter.save(result.network(), zip, SafeModelLoader.load(good).manifest());
        assertRefused(zip, Reason.NON_FINITE, "parameter 17 of 7850 is NaN");
    }

    @Test
    void alteredParameters() throws IOException {
        Path altered = rewrite("altered.zip", e -> {
            byte[] c = e.get(SafeModelLoader.COEFFICIENTS_BIN).clone();
            c[c.length - 1] ^= 1; // the lowest mantissa bit of the last parameter
            e.put(SafeModelLoader.COEFFICIENTS_BIN, c);
        });
        assertRefused(altered, Reason.CHECKSUM_MISMATCH, "the parameters do not match the manifest's SHA-256");
    }

    @Test
    void configurationNamingForeignClasses() throws IOException {
        Path evil = rewrite("foreign.zip", e -> e.put(SafeModelLoader.CONFIGURATION_JSON,
                new String(e.get(SafeModelLoader.CONFIGURATION_JSON), StandardCharsets.UTF_8)
                        .replace("org.nd4j.linalg.learning.config.Sgd", "com.example.Gadget").getBytes(StandardCharsets.UTF_8)));
        assertRefused(evil, Reason.INVALID_CONFIGURATION, "names class com.example.Gadget, outside DL4J and ND4J");
    }

    @Test
    void configurationThatIsNotSoftmax() throws IOException {
        Path relu = rewrite("relu.zip", e -> e.put(SafeModelLoader.CONFIGURATION_JSON,
                new String(e.get(SafeModelLoader.CONFIGURATION_JSON), StandardCharsets.UTF_8)
                        .replace("ActivationSoftmax", "ActivationReLU").getBytes(StandardCharsets.UTF_8)));
        assertRefused(relu, Reason.INVALID_CONFIGURATION, "must describe a softmax OutputLayer");
    }

    private void assertRefused(Path file, Reason reason, String text) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeModelLoader.load(file));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
    }

    private Path rewrite(String name, Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = entries(good);
        change.accept(entries);
        Path out = dir.resolve(name);
        ModelArtifactWriter.writeZip(entries, out);
        return out;
    }

    private Path rewriteManifest(String name, java.util.function.UnaryOperator<String> change) throws IOException {
        return rewrite(name, e -> e.put(ModelArtifactWriter.MANIFEST_ENTRY, change.apply(
                new String(e.get(ModelArtifactWriter.MANIFEST_ENTRY), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static void replaceAll(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, bytes, i, t.length);
            }
        }
    }
}
