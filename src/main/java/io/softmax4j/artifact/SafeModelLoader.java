package io.softmax4j.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.artifact.ModelFileException.Reason;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.SoftmaxModel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Loads a softmax4j model zip only after checking it, because DL4J's own loader trusts the file:
 * it Java-deserializes some entries ({@code preprocessor.bin}, {@code objects/...}, the old
 * normalizer) with no class filter, so a crafted zip could run code, and it allocates whatever
 * an array header asks for.
 *
 * <p>Checks, in order, each failing with one {@link ModelFileException} naming the file and the
 * reason: the file exists, is not empty and is at most {@link #MAX_FILE_BYTES}; it is a complete
 * zip; it holds only {@link #ALLOWED_ENTRIES}, no directories or duplicates, each inflating to at
 * most {@link #MAX_ENTRY_BYTES} (counted while inflating: zip bombs lie about sizes); the manifest
 * is one this version understands; {@code configuration.json} describes one softmax output
 * layer of the manifest's size and names only DL4J/ND4J classes; the parameters are exactly
 * {@code (inputs + 1) * labels} finite float32 values matching the manifest's SHA-256. Only then
 * does DL4J see a clean zip rebuilt from the checked configuration and parameters (the file is
 * read once, so it cannot change between the checks and the load).
 *
 * <p>These checks make loading safe from code execution and resource exhaustion; they do not
 * make an untrusted model's predictions trustworthy. Load only models you trust.
 */
public final class SafeModelLoader {
    /** Largest model file accepted. A 784 x 10 softmax model is about 70 KB. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** Largest inflated size of one entry. */
    public static final long MAX_ENTRY_BYTES = 64L << 20;
    /** Largest inflated size of the JSON entries. */
    public static final long MAX_JSON_BYTES = 1L << 20;
    /** DL4J's entries of a model zip (as its ModelSerializer names them; Dl4jInternalsTest checks). */
    public static final String CONFIGURATION_JSON = "configuration.json";
    public static final String COEFFICIENTS_BIN = "coefficients.bin";
    public static final String UPDATER_BIN = "updaterState.bin";
    /** The only entries a softmax4j zip may hold. */
    public static final Set<String> ALLOWED_ENTRIES = Set.of(CONFIGURATION_JSON, COEFFICIENTS_BIN, UPDATER_BIN,
            ModelArtifactWriter.MANIFEST_ENTRY, ModelArtifactWriter.CONFIG_ENTRY);
    private static final Set<String> ALLOWED_CLASS_PREFIXES = Set.of("org.deeplearning4j.", "org.nd4j.");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeModelLoader() {
    }

    /** Checks and loads a model zip. */
    public static LoadedModel load(Path file) {
        Map<String, byte[]> entries = unzip(readFile(file), file);
        ModelManifest manifest = ManifestCodec.fromJson(entries.get(ModelArtifactWriter.MANIFEST_ENTRY), file);
        checkConfiguration(entries.get(CONFIGURATION_JSON), manifest, file);
        long expected = (long) (manifest.input().length() + 1) * manifest.labels().size();
        float[] params = CoefficientsReader.read(entries.get(COEFFICIENTS_BIN), expected, file);
        if (!ParameterDigest.sha256(params).equals(manifest.parametersSha256())) {
            throw new ModelFileException(file, Reason.CHECKSUM_MISMATCH, "the parameters do not match the manifest's "
                    + "SHA-256; the file was altered or corrupted after it was saved");
        }
        return new LoadedModel(file, manifest, restore(entries, file));
    }

    /** Reads the whole file (once), refusing missing, empty, oversized, non-zip and truncated files. */
    static byte[] readFile(Path file) {
        if (!Files.exists(file)) {
            throw new ModelFileException(file, Reason.NOT_FOUND, "model file not found; check the path, or train one "
                    + "with 'softmax4j train'");
        }
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ModelFileException(file, Reason.UNREADABLE, "is a directory, expected a model .zip file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFileException(file, Reason.TOO_LARGE, "is too large: " + size + " bytes, at most "
                        + MAX_FILE_BYTES + " accepted for a softmax4j model");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFileException(file, Reason.UNREADABLE, "cannot be read: " + e, e);
        }
        if (bytes.length == 0) {
            throw new ModelFileException(file, Reason.EMPTY, "is empty (0 bytes); an interrupted copy? save or copy it again");
        }
        if (startsWith(bytes, 0x06054b50)) {
            throw new ModelFileException(file, Reason.EMPTY, "is an empty zip (no entries)");
        }
        if (!startsWith(bytes, 0x04034b50)) {
            throw new ModelFileException(file, Reason.NOT_A_ZIP, "is not a zip file; a softmax4j model is the .zip "
                    + "that 'softmax4j train' writes");
        }
        if (!hasEndRecord(bytes)) {
            throw new ModelFileException(file, Reason.TRUNCATED, "is truncated (the zip's end record is missing, "
                    + bytes.length + " bytes read); an interrupted copy or download? copy it again");
        }
        return bytes;
    }

    /** Inflates every entry with the caps applied; the required entries must be present. */
    static Map<String, byte[]> unzip(byte[] bytes, Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                checkName(name, e.isDirectory(), entries.containsKey(name), file);
                long cap = name.endsWith(".json") ? MAX_JSON_BYTES : MAX_ENTRY_BYTES;
                entries.put(name, readCapped(zip, cap, name, file));
            }
        } catch (IOException e) {
            throw new ModelFileException(file, Reason.TRUNCATED, "is truncated or corrupt (" + e.getMessage()
                    + "); copy it again", e);
        }
        if (entries.isEmpty()) {
            throw new ModelFileException(file, Reason.EMPTY, "is an empty zip (no entries)");
        }
        for (String required : new String[]{CONFIGURATION_JSON, COEFFICIENTS_BIN, ModelArtifactWriter.MANIFEST_ENTRY}) {
            if (!entries.containsKey(required)) {
                throw new ModelFileException(file, Reason.MISSING_ENTRY, "missing entry " + required
                        + (required.equals(ModelArtifactWriter.MANIFEST_ENTRY)
                        ? "; not a softmax4j model (a plain DL4J zip has no input contract or labels): train it with softmax4j"
                        : "; not a complete DL4J model"));
            }
        }
        return entries;
    }

    private static void checkName(String name, boolean directory, boolean duplicate, Path file) {
        if (directory || duplicate || !ALLOWED_ENTRIES.contains(name)) {
            String what = directory ? "directory entry " + name : duplicate ? "duplicate entry " + name
                    : "unexpected entry " + name;
            throw new ModelFileException(file, Reason.UNEXPECTED_ENTRY, what + " (a softmax4j model holds only "
                    + String.join(", ", new java.util.TreeSet<>(ALLOWED_ENTRIES)) + "); refusing to load it, since "
                    + "DL4J would deserialize extra entries such as preprocessor.bin or objects/ as Java objects");
        }
    }

    /** Reads the current entry, counting the bytes actually inflated, never more than {@code cap}. */
    private static byte[] readCapped(InputStream in, long cap, String name, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > cap) {
                throw new ModelFileException(file, Reason.TOO_LARGE, "entry " + name + " inflates to more than "
                        + cap + " bytes (a zip bomb?); refusing to load it");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** configuration.json: one softmax output layer of the manifest's size, DL4J/ND4J classes only. */
    static void checkConfiguration(byte[] json, ModelManifest manifest, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw invalidConfiguration(file, "is not valid JSON: " + e.getMessage());
        }
        checkClassNames(root, file);
        JsonNode confs = root.path("confs");
        if (!confs.isArray() || confs.size() != 1) {
            throw invalidConfiguration(file, "must describe exactly one layer (softmax regression), has "
                    + (confs.isArray() ? confs.size() : 0));
        }
        if (root.path("inputPreProcessors").size() > 0) {
            throw invalidConfiguration(file, "has input preprocessors, which softmax4j models never have");
        }
        JsonNode layer = confs.get(0).path("layer");
        if (!layer.path("@class").asText().equals("org.deeplearning4j.nn.conf.layers.OutputLayer")
                || !layer.path("activationFn").path("@class").asText().equals("org.nd4j.linalg.activations.impl.ActivationSoftmax")) {
            throw invalidConfiguration(file, "must describe a softmax OutputLayer");
        }
        long nIn = layer.path("nin").asLong(-1);
        long nOut = layer.path("nout").asLong(-1);
        if (nIn != manifest.input().length() || nOut != manifest.labels().size()) {
            throw new ModelFileException(file, Reason.WRONG_SHAPE, "the network maps " + nIn + " inputs to " + nOut
                    + " outputs, but the manifest promises " + manifest.input().length() + " inputs and "
                    + manifest.labels().size() + " labels");
        }
    }

    /** Every class DL4J's JSON would instantiate ({@code @class}, {@code type}) must be DL4J's or ND4J's. */
    private static void checkClassNames(JsonNode node, Path file) {
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                if ((key.equals("@class") || key.equals("type")) && value.isTextual() && value.asText().contains(".")
                        && ALLOWED_CLASS_PREFIXES.stream().noneMatch(value.asText()::startsWith)) {
                    throw invalidConfiguration(file, "names class " + value.asText() + ", outside DL4J and ND4J");
                }
                checkClassNames(value, file);
            }
        } else if (node.isArray()) {
            node.forEach(child -> checkClassNames(child, file));
        }
    }

    /** The engine builds the model from a fresh zip holding only the checked entries (no updater state). */
    private static SoftmaxModel restore(Map<String, byte[]> entries, Path file) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(clean)) {
            for (String name : new String[]{CONFIGURATION_JSON, COEFFICIENTS_BIN}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(entries.get(name));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to memory", e);
        }
        try {
            return Engine.get().read(clean.toByteArray(), false);
        } catch (IOException | RuntimeException e) {
            throw invalidConfiguration(file, "cannot be built by DL4J: " + e.getMessage());
        }
    }

    private static ModelFileException invalidConfiguration(Path file, String what) {
        return new ModelFileException(file, Reason.INVALID_CONFIGURATION, "entry " + CONFIGURATION_JSON + " " + what);
    }

    private static boolean startsWith(byte[] bytes, int signature) {
        return bytes.length >= 4 && readIntLE(bytes, 0) == signature;
    }

    /** The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes. */
    private static boolean hasEndRecord(byte[] bytes) {
        for (int i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
            if (readIntLE(bytes, i) == 0x06054b50 && i + 22 + readShortLE(bytes, i + 20) == bytes.length) {
                return true;
            }
        }
        return false;
    }

    private static int readIntLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static int readShortLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }
}
