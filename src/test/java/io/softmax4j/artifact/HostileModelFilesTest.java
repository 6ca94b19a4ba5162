package io.softmax4j.artifact;

import io.softmax4j.artifact.ModelFileException.Reason;
import io.softmax4j.testing.TestModels;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.training.TrainingResult;
import io.softmax4j.metrics.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model and checkpoint files that load but cannot be right, or that attack the loader: each is
 * refused with one line naming the file, before DL4J (or ND4J's allocator) sees it.
 */
class HostileModelFilesTest {
    @TempDir
    static Path shared;
    static Path good;
    static Path checkpoint;
    static TrainingResult trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveAModelAndACheckpoint() throws IOException {
        good = shared.resolve("good.zip");
        trained = TestModels.saveSynthetic(good);
        TrainingState state = new TrainingState(1, List.of(new EpochMetrics(1, 0.5, 0.9, 0.8, 1.0)), 1, 0.8,
                trained.network().parameters());
        checkpoint = new CheckpointStore(shared.resolve("run/checkpoints"))
                .save(trained.network(), state, "training: {epochs: 2}\n", Map.of("train", 1L), 3);
    }

    @Test
    void hugeButFiniteWeightsAreRefused() throws IOException {
        Path zip = dir.resolve("huge.zip");
        TrainingResult result = TestModels.trainSynthetic();
        float[] params = result.network().parameters();
        params[17] = 3e38f;
        result.network().setParameters(params);
        ModelArtifactWriter.save(result.network(), zip, SafeModelLoader.load(good).manifest());
        ModelFileException e = refused(zip, Reason.UNUSABLE_WEIGHTS, "can overflow float32 and give NaN probabilities");
        assertTrue(e.getMessage().contains("retrain"), e.getMessage());
    }

    @Test
    void negativeImageSidesAreRefusedAtLoad() throws IOException {
        Path zip = rewriteManifest("negative.zip", j -> j.replace("\"height\" : 28", "\"height\" : -28")
                .replace("\"width\" : 28", "\"width\" : -28"));
        refused(zip, Reason.INVALID_MANIFEST, "declares -28x-28 input images; each side must be in [1, 4096]");
    }

    @Test
    void sidesWhoseProductOverflowsAnIntAreRefused() throws IOException {
        // 16 x 268435505 = 2^32 + 784: 784 in int arithmetic
        Path zip = rewriteManifest("overflow.zip", j -> j.replace("\"height\" : 28", "\"height\" : 16")
                .replace("\"width\" : 28", "\"width\" : 268435505"));
        refused(zip, Reason.INVALID_MANIFEST, "declares 16x268435505 input images");
    }

    @Test
    void duplicateOrEmptyClassNamesAreRefused() throws IOException {
        Path twice = rewriteManifest("twice.zip", j -> j.replace("\"3\"", "\"2\""));
        refused(twice, Reason.INVALID_MANIFEST, "names class '2' twice (label 3); class names must be distinct");
        Path empty = rewriteManifest("empty.zip", j -> j.replace("\"5\"", "\"\""));
        refused(empty, Reason.INVALID_MANIFEST, "label 5 is empty");
    }

    @Test
    void jacksonInternalsDoNotLeakIntoMessages() throws IOException {
        Path zip = rewriteManifest("labeltype.zip", j -> j.replaceFirst("\"labels\" : \\[[^]]*]",
                "\"labels\" : [[\"a\"], \"b\"]"));
        ModelFileException e = refused(zip, Reason.INVALID_MANIFEST, "expected text, got a list");
        assertFalse(e.getMessage().contains("java.lang") || e.getMessage().contains("`") || e.getMessage().contains("\n"),
                e.getMessage());
    }

    @Test
    void bytesAfterTheEndRecordAreNotCalledTruncated() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path joined = dir.resolve("joined.zip");
        Files.write(joined, concat(bytes, "trailing garbage".getBytes(StandardCharsets.US_ASCII)));
        ModelFileException e = refused(joined, Reason.TRAILING_DATA, "has 16 bytes after the zip's end record");
        assertFalse(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aGoodCheckpointLoadsWithItsStateAndBestParameters() {
        CheckpointStore.Checkpoint c = CheckpointStore.read(checkpoint);
        assertEquals(1, c.state().epoch());
        assertArrayEquals(trained.network().parameters(), c.network().parameters());
        assertArrayEquals(trained.network().parameters(), c.state().bestParams());
        assertEquals("training: {epochs: 2}\n", c.configYaml());
    }

    @Test
    void aCheckpointClaimingBillionsOfParametersIsRefusedBeforeAnyAllocation() throws IOException {
        // the header of coefficients.bin claims 1.5e9 floats (about 6 GB); the digests are made to match
        Path lying = rewriteCheckpoint("lying.zip", e -> e.put(SafeModelLoader.COEFFICIENTS_BIN,
                replaceLong(e.get(SafeModelLoader.COEFFICIENTS_BIN), 7850, 1_500_000_000L)));
        ModelFileException e = refusedCheckpoint(lying, Reason.WRONG_SHAPE, "entry coefficients.bin holds 1500000000 "
                + "parameters, expected 7850");
        assertTrue(e.getMessage().startsWith(lying + ": "), e.getMessage());
    }

    @Test
    void aCheckpointWithAnExtraEntryIsNeverDeserialized() throws IOException {
        Path evil = rewriteCheckpoint("evil.zip", e -> e.put("preprocessor.bin", new byte[]{(byte) 0xAC, (byte) 0xED, 0, 5}));
        refusedCheckpoint(evil, Reason.UNEXPECTED_ENTRY, "unexpected entry preprocessor.bin");
    }

    @Test
    void anAlteredCheckpointFailsItsDigest() throws IOException {
        Map<String, byte[]> entries = SafeModelLoaderTest.entries(checkpoint);
        byte[] c = entries.get(SafeModelLoader.COEFFICIENTS_BIN).clone();
        c[c.length - 1] ^= 1;
        entries.put(SafeModelLoader.COEFFICIENTS_BIN, c);
        Path altered = dir.resolve("altered.zip");
        ModelArtifactWriter.writeZip(entries, altered);
        refusedCheckpoint(altered, Reason.CHECKSUM_MISMATCH, "entry coefficients.bin does not match its SHA-256");
    }

    @Test
    void anUnreadableNewestCheckpointIsSkippedForTheOneBefore() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        Files.createDirectories(store.dir());
        Files.copy(checkpoint, store.dir().resolve("epoch-000001.zip"));
        Path fifo = store.dir().resolve("epoch-000002.zip");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<String> warnings = new ArrayList<>();
        CheckpointStore.Checkpoint c = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> store.latest(warnings::add).orElseThrow());
        assertEquals(1, c.state().epoch());
        assertEquals(List.of("skipping unreadable checkpoint " + fifo + ": not a regular file (a named pipe, device or "
                + "socket); give a file saved on disk; expected a model .zip file"), warnings);
    }

    private ModelFileException refused(Path file, Reason reason, String text) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeModelLoader.load(file));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        return e;
    }

    private ModelFileException refusedCheckpoint(Path file, Reason reason, String text) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> CheckpointStore.read(file));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        return e;
    }

    private Path rewriteManifest(String name, java.util.function.UnaryOperator<String> change) throws IOException {
        Map<String, byte[]> entries = SafeModelLoaderTest.entries(good);
        entries.put(ModelArtifactWriter.MANIFEST_ENTRY, change.apply(new String(entries.get(ModelArtifactWriter.MANIFEST_ENTRY),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve(name);
        ModelArtifactWriter.writeZip(entries, out);
        return out;
    }

    /** Changes a checkpoint's entries, then rewrites the digests in its state as an attacker would. */
    private Path rewriteCheckpoint(String name, Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = SafeModelLoaderTest.entries(checkpoint);
        change.accept(entries);
        String state = new String(entries.get(CheckpointStore.STATE_ENTRY), StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().equals(CheckpointStore.STATE_ENTRY)) {
                state = state.replaceAll("(\"" + java.util.regex.Pattern.quote(e.getKey()) + "\" : \")[0-9a-f]+\"",
                        "$1" + sha256(e.getValue()) + "\"");
            }
        }
        entries.put(CheckpointStore.STATE_ENTRY, state.getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve(name);
        ModelArtifactWriter.writeZip(entries, out);
        return out;
    }

    private static byte[] replaceLong(byte[] bytes, long from, long to) {
        byte[] f = longBytes(from);
        byte[] t = longBytes(to);
        byte[] out = bytes.clone();
        int replaced = 0;
        for (int i = 0; i + 8 <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + 8, f, 0, 8)) {
                System.arraycopy(t, 0, out, i, 8);
                replaced++;
            }
        }
        assertTrue(replaced >= 2, "the shape and the length were found");
        return out;
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
