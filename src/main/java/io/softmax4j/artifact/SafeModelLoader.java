package io.softmax4j.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.artifact.ModelFileException.Reason;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.Printable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
    /**
     * Largest bound on a score (sum of |parameters| times the largest input) accepted: far beyond
     * any trained model, far below float32's 3.4e38, where the softmax would turn into NaN.
     */
    static final double MAX_LOGIT_BOUND = 1e30;

    private SafeModelLoader() {
    }

    /** Checks and loads a model zip. */
    public static LoadedModel load(Path file) {
        Checked checked = check(file);
        return new LoadedModel(file, checked.manifest(), checked.restore());
    }

    /**
     * A model zip that passed every check (manifest, configuration, parameters against the
     * manifest's SHA-256, usable weights), before the engine builds it: prediction needs only the
     * parameters, so it can skip the engine's start-up ({@link #restore()} builds the network when wanted).
     *
     * @param parameters the parameter vector in the engine's layout ({@link SoftmaxModel#parameters()}:
     *                   W {@code [inputs][classes]} column by column, then b)
     */
    public record Checked(Path file, ModelManifest manifest, float[] parameters, Map<String, byte[]> entries) {
        /** The weights {@code [inputs][classes]}, from the parameter vector. */
        public float[][] weights() {
            int inputs = manifest.input().length();
            int classes = manifest.labels().size();
            float[][] w = new float[inputs][classes];
            for (int k = 0; k < classes; k++) {
                for (int i = 0; i < inputs; i++) {
                    w[i][k] = parameters[k * inputs + i];
                }
            }
            return w;
        }

        /** The biases {@code [classes]}, from the parameter vector. */
        public float[] bias() {
            int inputs = manifest.input().length();
            int classes = manifest.labels().size();
            return java.util.Arrays.copyOfRange(parameters, inputs * classes, inputs * classes + classes);
        }

        /** The engine's model of these entries. */
        public SoftmaxModel restore() {
            return SafeModelLoader.restore(entries, file, false);
        }
    }

    /** Every check of {@link #load}, without building the engine's model. */
    public static Checked check(Path file) {
        Map<String, byte[]> entries = unzip(readFile(file), file);
        ModelManifest manifest = ManifestCodec.fromJson(entries.get(ModelArtifactWriter.MANIFEST_ENTRY), file);
        checkConfiguration(entries.get(CONFIGURATION_JSON), manifest, file);
        long expected = (long) (manifest.input().length() + 1) * manifest.labels().size();
        float[] params = CoefficientsReader.read(entries.get(COEFFICIENTS_BIN), expected, file);
        if (!ParameterDigest.sha256(params).equals(manifest.parametersSha256())) {
            throw new ModelFileException(file, Reason.CHECKSUM_MISMATCH, "the parameters do not match the manifest's "
                    + "SHA-256; the file was altered or corrupted after it was saved");
        }
        requireUsableWeights(params, Math.max(Math.abs(manifest.input().min()), Math.abs(manifest.input().max())), file);
        return new Checked(file, manifest, params, entries);
    }

    /**
     * Refuses weights that cannot give valid probabilities: finite but so large that a logit
     * (at most the sum of every |parameter| times the largest input) can overflow float32,
     * which turns the softmax into NaN.
     */
    static void requireUsableWeights(float[] params, double maxInput, Path file) {
        double sum = 0;
        for (float p : params) {
            sum += Math.abs(p);
        }
        double bound = sum * Math.max(1.0, maxInput);
        if (!(bound <= MAX_LOGIT_BOUND)) {
            throw new ModelFileException(file, Reason.UNUSABLE_WEIGHTS, String.format(java.util.Locale.ROOT,
                    "the parameters are so large (sum of |w| %.3g) that the scores can overflow float32 and give NaN "
                            + "probabilities; the model cannot be right: retrain it (a lower learning rate?)", sum));
        }
    }

    /**
     * Reads the whole file (once, at most {@link #MAX_FILE_BYTES} counted while reading), refusing
     * missing, non-regular (named pipe, device, folder), empty, oversized, non-zip and truncated files.
     */
    static byte[] readFile(Path file) {
        byte[] bytes;
        try {
            bytes = BoundedFiles.readAllBytes(file, MAX_FILE_BYTES);
        } catch (BoundedFiles.RefusedFileException e) {
            throw switch (e.problem()) {
                case NOT_FOUND -> new ModelFileException(file, Reason.NOT_FOUND, "model file not found; check the path, "
                        + "or train one with 'softmax4j train'");
                case NOT_REGULAR -> new ModelFileException(file, Reason.UNREADABLE, e.detail()
                        + "; expected a model .zip file");
                case TOO_LARGE -> new ModelFileException(file, Reason.TOO_LARGE, "is too large: more than "
                        + MAX_FILE_BYTES + " bytes, the most accepted for a softmax4j model");
            };
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
        int end = endRecord(bytes);
        if (end < 0) {
            throw new ModelFileException(file, Reason.TRUNCATED, "is truncated (the zip's end record is missing, "
                    + bytes.length + " bytes read); an interrupted copy or download? copy it again");
        }
        long extra = bytes.length - (end + 22L + readShortLE(bytes, end + 20));
        if (extra != 0) {
            throw new ModelFileException(file, Reason.TRAILING_DATA, "has " + Math.abs(extra) + " bytes "
                    + (extra > 0 ? "after" : "missing from") + " the zip's end record (two files joined, or a damaged "
                    + "copy?); refusing to load it: copy the model again");
        }
        return bytes;
    }

    /** Inflates every entry with the caps applied; the required entries must be present. */
    static Map<String, byte[]> unzip(byte[] bytes, Path file) {
        Map<String, byte[]> entries = unzip(bytes, file, ALLOWED_ENTRIES);
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

    /** Inflates every entry, each of the {@code allowed} names at most once, with the caps applied. */
    static Map<String, byte[]> unzip(byte[] bytes, Path file, Set<String> allowed) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                checkName(name, e.isDirectory(), entries.containsKey(name), allowed, file);
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
        return entries;
    }

    private static void checkName(String name, boolean directory, boolean duplicate, Set<String> allowed, Path file) {
        if (directory || duplicate || !allowed.contains(name)) {
            String what = directory ? "directory entry " + Printable.escape(name) : duplicate ? "duplicate entry "
                    + Printable.escape(name) : "unexpected entry " + Printable.escape(name);
            throw new ModelFileException(file, Reason.UNEXPECTED_ENTRY, what + " (a softmax4j model holds only "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + "); refusing to load it, since "
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
                throw new ModelFileException(file, Reason.TOO_LARGE, "entry " + Printable.escape(name) + " inflates to more than "
                        + cap + " bytes (a zip bomb?); refusing to load it");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** configuration.json: one softmax output layer of the manifest's size, DL4J/ND4J classes only. */
    static void checkConfiguration(byte[] json, ModelManifest manifest, Path file) {
        checkConfiguration(json, manifest.input().length(), manifest.labels().size(), "the manifest promises", file);
    }

    /**
     * configuration.json: one softmax output layer mapping {@code inputs} to {@code outputs}, DL4J/ND4J
     * classes only; {@code promise} says who promised that shape, for the message.
     */
    static void checkConfiguration(byte[] json, long inputs, long outputs, String promise, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw invalidConfiguration(file, "is not valid JSON: " + io.softmax4j.io.JsonMessages.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw invalidConfiguration(file, "is not a JSON object");
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
        if (nIn != inputs || nOut != outputs) {
            throw new ModelFileException(file, Reason.WRONG_SHAPE, "the network maps " + nIn + " inputs to " + nOut
                    + " outputs, but " + promise + " " + inputs + " inputs and " + outputs + " labels");
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
                    throw invalidConfiguration(file, "names class " + Printable.escape(value.asText())
                            + ", outside DL4J and ND4J");
                }
                checkClassNames(value, file);
            }
        } else if (node.isArray()) {
            node.forEach(child -> checkClassNames(child, file));
        }
    }

    /**
     * The engine builds the model from a fresh zip holding only the checked entries: the
     * configuration, the parameters and, with {@code withUpdater}, the (checked) updater state.
     */
    static SoftmaxModel restore(Map<String, byte[]> entries, Path file, boolean withUpdater) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(clean)) {
            for (String name : new String[]{CONFIGURATION_JSON, COEFFICIENTS_BIN, UPDATER_BIN}) {
                if (entries.containsKey(name) && (withUpdater || !name.equals(UPDATER_BIN))) {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(entries.get(name));
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write to memory", e);
        }
        try {
            return Engine.get().read(clean.toByteArray(), withUpdater);
        } catch (IOException | RuntimeException e) {
            throw invalidConfiguration(file, "cannot be built by DL4J: " + Printable.escape(e.getMessage()));
        }
    }

    private static ModelFileException invalidConfiguration(Path file, String what) {
        return new ModelFileException(file, Reason.INVALID_CONFIGURATION, "entry " + CONFIGURATION_JSON + " " + what);
    }

    private static boolean startsWith(byte[] bytes, int signature) {
        return bytes.length >= 4 && readIntLE(bytes, 0) == signature;
    }

    /**
     * Where the end-of-central-directory record starts (it sits in the last 22 + 65535 (comment)
     * bytes), or -1; the last one found wins, so bytes appended after it are noticed by the caller.
     */
    private static int endRecord(byte[] bytes) {
        for (int i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535 - (1 << 16)); i--) {
            if (readIntLE(bytes, i) == 0x06054b50) {
                return i;
            }
        }
        return -1;
    }

    private static int readIntLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static int readShortLE(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }
}
