package io.softmax4j.spark;

import io.softmax4j.data.DataException;
import io.softmax4j.data.IdxReader;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Data read on the executors from shared storage, once per executor JVM: tasks of the same
 * executor share one copy instead of the driver shipping it with every task.
 */
final class ExecutorData {
    private static final Map<String, IdxReader.Images> IMAGES = new ConcurrentHashMap<>();
    private static final Map<String, byte[]> LABELS = new ConcurrentHashMap<>();

    private static final Map<String, Path> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, io.softmax4j.data.Dataset> DATASETS = new ConcurrentHashMap<>();

    private ExecutorData() {
    }

    /** The model zip's bytes, read on the driver (bounded as the safe loader bounds it). */
    static byte[] readModel(Path zip) {
        try {
            if (Files.size(zip) > io.softmax4j.artifact.SafeModelLoader.MAX_FILE_BYTES) {
                throw new DataException(zip + ": larger than " + io.softmax4j.artifact.SafeModelLoader.MAX_FILE_BYTES
                        + " bytes; not a softmax4j model");
            }
            return Files.readAllBytes(zip);
        } catch (IOException e) {
            throw new DataException(zip + ": cannot read the model: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped model as a local file, written once per executor (the safe loader then reads it). */
    static Path modelFile(String sha256, org.apache.spark.broadcast.Broadcast<byte[]> bytes) {
        return MODELS.computeIfAbsent(sha256, k -> {
            try {
                Path file = Files.createTempFile("softmax4j-model-" + k.substring(0, 12), ".zip");
                file.toFile().deleteOnExit();
                Files.write(file, bytes.value());
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the shipped model to a temp file", e);
            }
        });
    }

    /** A sweep's dataset, loaded once per executor JVM and shared (read-only) by its trials. */
    static io.softmax4j.data.Dataset dataset(io.softmax4j.sweep.SweepRunner.Sources sources,
                                             io.softmax4j.config.DataConfig config) {
        return DATASETS.computeIfAbsent(SparkSweepJob.dataKey(sources, config),
                k -> sources.apply(config, line -> { }).load());
    }

    /** The IDX images file at {@code path}, read once per executor. */
    static IdxReader.Images idxImages(String path) {
        return IMAGES.computeIfAbsent(path, p -> IdxReader.readImages(Path.of(p)));
    }

    /** The IDX labels file at {@code path}, read once per executor. */
    static byte[] idxLabels(String path) {
        return LABELS.computeIfAbsent(path, p -> IdxReader.readLabels(Path.of(p)));
    }

    /**
     * The item count declared in an IDX file's header (images or labels), read on the driver
     * without reading the file's body; the executors check the whole file when they read it.
     */
    static int idxCount(Path file, boolean images) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": not a regular file; give an IDX file (e.g. t10k-images-idx3-ubyte[.gz])");
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            int expected = images ? 0x00000803 : 0x00000801;
            if (magic != expected) {
                throw new DataException(file + ": not an IDX " + (images ? "images" : "labels") + " file (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(expected) + ")");
            }
            int count = in.readInt();
            if (count <= 0) {
                throw new DataException(file + ": IDX header declares " + count + " items; give a non-empty IDX file");
            }
            return count;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the IDX header: " + e.getMessage(), e);
        }
    }
}
